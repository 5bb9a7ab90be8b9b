package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.testsupport.BadTenantIds;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * The citus mode's tenant literal: only strictly parsed ids of a safe alphabet become SQL text, and what the server
 * makes of the text is exactly the id, whatever the session's string settings.
 */
class TenantLiteralTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final List<String> INJECTIONS = List.of("a'b", "a''b", "a\\b", "a\\'b", "x'; RESET ROLE; --", "$$x$$",
            "$t$x", "a;b", "a b", "a\tb", "a\"b", "a/*b", "a?b", "a)b", "a,b", "a=b", "a%b", "a&b", "a|b", "a+b",
            "ａ", "é", "\u02bc", "\u2019", "a\u0000b", "'", "-x", "_x", ".x", "@x", ":x");

    @Test
    void canonicalIdsAreQuoted() {
        assertThat(TenantLiteral.quote(TenantIdType.UUID, "0A0A0A0A-0000-0000-0000-00000000000A"))
                .isEqualTo("'0a0a0a0a-0000-0000-0000-00000000000a'");
        assertThat(TenantLiteral.quote(TenantIdType.LONG, "-9223372036854775808")).isEqualTo("'-9223372036854775808'");
        assertThat(TenantLiteral.quote(TenantIdType.LONG, "007")).isEqualTo("'7'");
        assertThat(TenantLiteral.quote(TenantIdType.TEXT, "acme-eu.1:prod@x_y")).isEqualTo("'acme-eu.1:prod@x_y'");
    }

    @Test
    void injectionAttemptsAreRefusedBeforeAnySql() {
        for (String attempt : INJECTIONS) {
            assertThatThrownBy(() -> TenantLiteral.quote(TenantIdType.TEXT, attempt)).as(attempt)
                    .isInstanceOf(InvalidTenantIdException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TenantIdType.class)
    void everyMalformedIdIsRefused(TenantIdType type) {
        for (BadTenantIds.BadTenantId bad : BadTenantIds.generate(type, 2_000, 15)) {
            if (bad.value() instanceof String text) {
                assertThatThrownBy(() -> TenantLiteral.quote(type, text)).as(bad.toString())
                        .isInstanceOf(InvalidTenantIdException.class);
            }
        }
    }

    @Test
    void refusalMessagesHoldNoPartOfTheId() {
        assertThatThrownBy(() -> TenantLiteral.quote(TenantIdType.TEXT, "evil'x"))
                .isInstanceOf(InvalidTenantIdException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("evil"));
    }

    /** Every accepted literal, under each string setting a session can choose, sets exactly the id. */
    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void theServerReadsBackExactlyTheId(String standardConformingStrings) throws SQLException {
        List<String> ids = new ArrayList<>(List.of("a", "Z9", "acme--x", "a-b_c.d:e@f", "0", "x".repeat(128)));
        try (Connection connection = db.appConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET standard_conforming_strings = " + standardConformingStrings);
            statement.execute("SET escape_string_warning = off");
            connection.setAutoCommit(false);
            for (String id : ids) {
                statement.execute("SET LOCAL app.tenant_id = " + TenantLiteral.quote(TenantIdType.TEXT, id));
                try (ResultSet rs = statement.executeQuery("SELECT current_setting('app.tenant_id')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(id);
                }
                connection.rollback();
            }
        }
    }
}
