package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantSettingRefusedException;

class SqlFactsTest {
    private static final String SETTING = RlsConfig.DEFAULT_SETTING_NAME;

    @Test
    void theSameTextIsReadOnceAndItsFoldedTextMadeOnce() {
        String sql = "select t.id from task t where t.id = ? /* " + UUID.randomUUID() + " */";
        SqlFacts first = SqlFacts.of(sql);

        assertThat(SqlFacts.of(new String(sql.toCharArray()))).isSameAs(first);
        assertThat(first.isSingleStatement()).isTrue();
        String folded = first.foldedBehind(TenantSetting.PLAIN_APPLY_SQL);
        assertThat(folded).isEqualTo(TenantSetting.PLAIN_APPLY_SQL + ";" + sql);
        assertThat(first.foldedBehind(TenantSetting.PLAIN_APPLY_SQL)).isSameAs(folded);
        assertThat(first.foldedBehind("select other(?, ?)")).isEqualTo("select other(?, ?);" + sql);
    }

    @Test
    void aKeptTextIsRefusedAsOftenAsItComesAndOnlyForTheSettingItSets() {
        String sql = "select set_config('app.tenant_id', 'other', false) /* " + UUID.randomUUID() + " */";
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> SqlFacts.of(sql).refuseSetting(SETTING))
                    .isInstanceOf(TenantSettingRefusedException.class)
                    .hasMessageContaining("may not set " + SETTING)
                    .hasMessageContaining("set_config");
        }
        assertThatCode(() -> SqlFacts.of(sql).refuseSetting("app.other_setting")).doesNotThrowAnyException();
        assertThatThrownBy(() -> SqlFacts.of(sql).refuseSetting(SETTING))
                .isInstanceOf(TenantSettingRefusedException.class);
    }

    @Test
    void transactionCommandsAreRecognisedBehindComments() {
        assertThat(SqlFacts.of("/* a */ -- b\n begin").startsTransaction()).isTrue();
        assertThat(SqlFacts.of("START TRANSACTION READ ONLY").startsTransaction()).isTrue();
        assertThat(SqlFacts.of("commit").endsTransaction()).isTrue();
        assertThat(SqlFacts.of("rollback to savepoint a").endsTransaction()).isFalse();
        assertThat(SqlFacts.of("ROLLBACK").endsTransaction()).isTrue();
        assertThat(SqlFacts.of("vacuum task").runsOutsideTransaction()).isTrue();
        assertThat(SqlFacts.of("create index concurrently i on task (id)").runsOutsideTransaction()).isTrue();
        SqlFacts select = SqlFacts.of("select 1");
        assertThat(select.startsTransaction() || select.endsTransaction() || select.runsOutsideTransaction()).isFalse();
        SqlFacts none = SqlFacts.of(null);
        assertThat(none.startsTransaction() || none.endsTransaction() || none.isSingleStatement()).isFalse();
        assertThatCode(() -> none.refuseSetting(SETTING)).doesNotThrowAnyException();
    }

    @Test
    void keepsAtMostItsLimitOfTexts() {
        for (int i = 0; i < SqlFacts.MAX_KEPT + 10; i++) {
            SqlFacts.of("select " + i + " /* " + UUID.randomUUID() + " */");
            assertThat(SqlFacts.keptCount()).isLessThanOrEqualTo(SqlFacts.MAX_KEPT);
        }
    }

    @Test
    void aVeryLongTextIsReadEveryTimeAndNotKept() {
        String padding = "x".repeat(SqlFacts.MAX_KEPT_LENGTH);
        String sql = "select '" + padding + "'; set app.tenant_id = 'other'";

        assertThat(SqlFacts.of(sql)).isNotSameAs(SqlFacts.of(sql));
        assertThatThrownBy(() -> SqlFacts.of(sql).refuseSetting(SETTING))
                .isInstanceOf(TenantSettingRefusedException.class);
        assertThat(SqlFacts.of(sql).isSingleStatement()).isFalse();
    }
}
