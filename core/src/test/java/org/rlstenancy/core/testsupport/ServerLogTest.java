package org.rlstenancy.core.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerLogTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeAll
    static void logTheApplicationRole() {
        ServerLog.logStatementsOf(db.server(), db.appRole());
    }

    @Test
    void showsTheApplicationRolesStatementsWithTheirParametersAndTheErrorsOfTheOnesThatFailed() throws SQLException {
        ServerLog log = ServerLog.of(db.server());
        ServerLog.Mark mark = log.mark();
        try (Connection connection = db.appConnection();
             PreparedStatement select = connection.prepareStatement("select ?::text || 'first'");
             Statement statement = connection.createStatement()) {
            select.setString(1, "the\nparameter");
            select.executeQuery().close();
            assertThat(catchThrowable(() -> statement.execute("select 'second'::uuid"))).isInstanceOf(SQLException.class);
        }
        db.ownerExecute("select 'by the owner'");

        List<ServerLog.Entry> entries = log.since(mark);

        List<ServerLog.Entry> app = entries.stream().filter(entry -> entry.isFrom(db.appRole())).toList();
        assertThat(app).filteredOn(ServerLog.Entry::isStatement).extracting(ServerLog.Entry::text)
                .anySatisfy(text -> assertThat(text).contains("select $1::text || 'first'")
                        .containsIgnoringCase("DETAIL:  Parameters: $1 = 'the\nparameter'"))
                .noneSatisfy(text -> assertThat(text).contains("'second'"));
        assertThat(app).filteredOn(entry -> entry.severity().equals("ERROR")).extracting(ServerLog.Entry::text)
                .anySatisfy(text -> assertThat(text).contains("invalid input syntax for type uuid")
                        .contains("STATEMENT:  select 'second'::uuid"));
        assertThat(entries).noneMatch(entry -> entry.text().contains("by the owner"));
        assertThat(entries).noneMatch(entry -> entry.text().contains("rls-tenancy log mark"));
    }

    @Test
    void splitsTheLogIntoMessagesWithTheirContinuationLinesAndFields() {
        List<ServerLog.Entry> entries = ServerLog.parse("2025-01-01 00:00:00.000 UTC:1:app@db:LOG:  execute <unnamed>:"
                + " select 1\n\t, 2\n2025-01-01 00:00:00.000 UTC:1:app@db:DETAIL:  Parameters: $1 = 'x'\n"
                + "2025-01-01 00:00:00.001 UTC:2:other@db:ERROR:  boom\n");

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).prefix()).isEqualTo("2025-01-01 00:00:00.000 UTC:1:app@db:");
        assertThat(entries.get(0).text()).isEqualTo("execute <unnamed>: select 1\n, 2\nDETAIL:  Parameters: $1 = 'x'");
        assertThat(entries.get(0).isStatement()).isTrue();
        assertThat(entries.get(1).isFrom("other")).isTrue();
        assertThat(entries.get(1).severity()).isEqualTo("ERROR");
    }
}
