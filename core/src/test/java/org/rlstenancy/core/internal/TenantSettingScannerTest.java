package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantSettingRefusedException;

class TenantSettingScannerTest {
    static final String SETTING = RlsConfig.DEFAULT_SETTING_NAME;

    @ParameterizedTest
    @ValueSource(strings = {
        "SET app.tenant_id = 'x'",
        "set app.tenant_id to default",
        "SET SESSION app.tenant_id TO 'x'",
        "SET LOCAL app.tenant_id = 'x'",
        "RESET app.tenant_id",
        "SET \"app\".\"tenant_id\" = 'x'",
        "SET \"app.tenant_id\" = 'x'",
        "SET \"APP\".\"TENANT_ID\" = 'x'",
        "Set /* a */ App /* b */ . /* c */ Tenant_Id = 'x'",
        "SET -- a line comment\n app.tenant_id = 'x'",
        "SET /* a /* nested */ comment */ app.tenant_id = 'x'",
        "SET U&\"app.tenant!005fid\" UESCAPE '!' = 'x'",
        "SET U&\"app.tenant\\005fid\" = 'x'",
        "select 1; SET app.tenant_id = 'x'",
        "select $é$ -- $é$; SET app.tenant_id = 'x'",
        "select set_config('app.tenant_id', 'x', false)",
        "SELECT SET_CONFIG('APP.TENANT_ID', 'x', false)",
        "select pg_catalog.set_config('app.tenant_id', 'x', true)",
        "select \"set_config\"('app.tenant_id', 'x', false)",
        "select set_config /* a comment */ ( 'app.tenant_id' , 'x', false)",
        "select set_config(?, ?, false)",
        "select set_config($1, $2, false)",
        "select set_config(lower('APP.TENANT_ID'), 'x', false)",
        "select set_config('app.' || 'tenant_id', 'x', false)",
        "select set_config('app.tenant_id'::text, 'x', false)",
        "select set_config(E'app.tenant\\x5fid', 'x', false)",
        "select set_config(U&'app.tenant\\005fid', 'x', false)",
        "select set_config('app.'\n'tenant_id', 'x', false)",
        "select set_config($$app.tenant_id$$, 'x', false)",
        "select set_config(name, 'x', false) from (values ('app.tenant_id')) v (name)",
        "CREATE AGGREGATE a(text, boolean) (SFUNC = set_config, STYPE = text, INITCOND = 'app.tenant_id')",
        "select 'set_config'::regproc",
        "UPDATE pg_settings SET setting = 'x' WHERE name = 'app.tenant_id'",
        "update pg_catalog.pg_settings set setting = 'x' where name = 'app.tenant_id'",
        "UPDATE ONLY \"pg_catalog\" . \"pg_settings\" SET setting = 'x'",
        "INSERT INTO pg_settings (name, setting) VALUES ('app.tenant_id', 'x')",
        "DELETE FROM pg_settings WHERE name = 'app.tenant_id'",
        "MERGE INTO pg_settings s USING (SELECT 1) v ON true WHEN MATCHED THEN DO NOTHING",
        "WITH s AS (UPDATE pg_settings SET setting = 'x' WHERE name = 'app.tenant_id' RETURNING 1) SELECT 1",
        "ALTER ROLE CURRENT_USER SET app.tenant_id = 'x'",
        "ALTER ROLE app IN DATABASE db SET app.tenant_id TO 'x'",
        "ALTER USER CURRENT_USER SET app.tenant_id FROM CURRENT",
        "ALTER ROLE CURRENT_USER RESET app.tenant_id",
        "ALTER DATABASE db SET app.tenant_id = 'x'",
        "ALTER SYSTEM SET app.tenant_id = 'x'",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET app.tenant_id = 'x' AS 'select 1'",
        "DO $$ BEGIN PERFORM set_config('app.tenant_id', 'x', false); END $$",
        "DO $body$ BEGIN SET app.tenant_id = 'x'; END $body$",
        "DO 'BEGIN SET app.tenant_id = ''x''; END'",
        "DO 'BEGIN EXECUTE ''SET app.tenant_id = ''''x''''''; END'",
        "DO E'BEGIN PERFORM set\\x5fconfig(''app.tenant_id'', ''x'', false); END'",
        "DO E'BEGIN SET app.tenant\\137id = \\'x\\'; END'",
        "DO e'BEGIN SET app.tenant\\u005fid = ''x''; END'",
        "DO 'BEGIN SET app.tenant_'\n'id = ''x''; END'",
        "DO 'BEGIN SET app.tenant_' -- a comment\n  'id = ''x''; END'",
        "DO U&'BEGIN SET app.tenant!005fid = ''x''; END' UESCAPE '!'",
        "DO 'BEGIN PERFORM set\\x5fconfig(''app.tenant_id'', ''x'', false); END'",
        "select query_to_xml('select set_config(''app.tenant_id'', ''x'', false)', true, true, '')",
        "select ts_stat('select set_config(''app.tenant_id'', ''x'', false)::tsvector')",
        "select 'it''s a setting: SET app.tenant_id = x'",
    })
    void refused(String sql) {
        assertThat(TenantSettingScanner.finding(sql, SETTING)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from notes where id = ?",
        "insert into notes (body, tenant_id) values (?, ?)",
        "update notes set tenant_id = ?, body = ? where id = ?",
        "UPDATE notes SET tenant_id = tenant_id WHERE body = 'acme 1'",
        "insert into notes (id, body) values (?, ?) on conflict (id) do update set tenant_id = excluded.tenant_id",
        "SET search_path = public",
        "SET statement_timeout = '5s'",
        "SET LOCAL statement_timeout = '5s'",
        "SET SESSION statement_timeout TO 5000",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SET app.tenant_id_backup = 'x'",
        "SET app.tenant_id.extra = 'x'",
        "SET other.tenant_id = 'x'",
        "RESET ALL",
        "RESET statement_timeout",
        "ALTER ROLE CURRENT_USER RESET ALL",
        "select set_config('statement_timeout', '5s', true)",
        "SELECT pg_catalog.set_config ( /* the name */ 'search_path' /* , */ , 'public', false)",
        "select set_config(E'statement\\x5ftimeout', '5s', true)",
        "select current_setting('app.tenant_id', true)",
        "select nullif(current_setting('app.tenant_id', true), '')::uuid",
        "SHOW app.tenant_id",
        "select setting from pg_settings where name = 'app.tenant_id'",
        "select name into temp settings_copy from pg_catalog.pg_settings",
        "update pg_settings_copy set setting = 'x'",
        "insert into notes (body) values ('mentions app.tenant_id, tenant_id and pg_settings')",
        "select 1 -- SET app.tenant_id = 'x'",
        "select 1 /* set_config('app.tenant_id', 'x', false) */",
        "select my_set_config('app.tenant_id'), set_configuration from t",
        "DO $$ BEGIN PERFORM set_config('statement_timeout', '5s', true); END $$",
        "select E'it\\'s app.tenant_id'",
        "select $$ SET search_path $$, 'a'\n'b'",
    })
    void allowed(String sql) {
        assertThat(TenantSettingScanner.finding(sql, SETTING)).isNull();
    }

    @Test
    void aCustomSettingNameIsTheOneGuarded() {
        String setting = RlsConfig.defaults().withSettingName("acme.tenant").settingName();
        assertThat(TenantSettingScanner.finding("SET acme.tenant = 'x'", setting)).isEqualTo("SET acme.tenant");
        assertThat(TenantSettingScanner.finding("SET LOCAL \"ACME\".\"TENANT\" TO 'x'", setting)).isNotNull();
        assertThat(TenantSettingScanner.finding("select set_config('Acme.Tenant', 'x', false)", setting))
                .isEqualTo("set_config('acme.tenant', ...)");
        assertThat(TenantSettingScanner.finding("DO $$ BEGIN RESET acme.tenant; END $$", setting)).isNotNull();
        assertThat(TenantSettingScanner.finding("SET app.tenant_id = 'x'", setting)).isNull();
        assertThat(TenantSettingScanner.finding("select set_config('app.tenant_id', 'x', false)", setting)).isNull();
        assertThat(TenantSettingScanner.finding("update tenant set acme = 'x'", setting)).isNull();
    }

    @Test
    void findingsNameWhatWasFound() {
        assertThat(TenantSettingScanner.finding("reset app.tenant_id", SETTING)).isEqualTo("RESET app.tenant_id");
        assertThat(TenantSettingScanner.finding("select set_config(?, ?, false)", SETTING))
                .isEqualTo("set_config with a name that is not a string constant");
        assertThat(TenantSettingScanner.finding("select 'set_config'::regproc", SETTING))
                .isEqualTo("set_config other than in a call");
        assertThat(TenantSettingScanner.finding("update pg_settings set setting = ''", SETTING))
                .isEqualTo("a write to pg_settings");
    }

    @Test
    void stringsNestedTooDeepToReadAreRefusedOnlyWhenTheyMayHoldTheSetting() {
        String nested = "SET app.tenant_id = 1";
        String harmless = "select 1";
        for (int i = 0; i <= TenantSettingScanner.MAX_DEPTH; i++) {
            nested = "select $q" + i + "$" + nested + "$q" + i + "$";
            harmless = "select $q" + i + "$" + harmless + "$q" + i + "$";
        }
        assertThat(TenantSettingScanner.finding(nested, SETTING)).contains("nested more than");
        assertThat(TenantSettingScanner.finding(harmless, SETTING)).isNull();
    }

    @Test
    void onlySqlWithTheWordsOrAWayToSpellThemLeavesTheFastPath() {
        assertThat(List.of("select n.id, n.body from notes n where n.id = ? order by n.body",
                "update notes set body = ? where id = ?", "insert into notes (body) values ('it''s'), ('fine')",
                "select $$SET$$, 'SET' as x")).noneMatch(sql -> TenantSettingScanner.mayTouch(sql, SETTING));
        assertThat(List.of("tenant_id", "TENANT_ID", "set_config", "Pg_Settings", "E'\\x41'", "U&'x'", "U&\"x\"",
                "'a'\n'b'", "'a' -- c\n'b'")).allMatch(sql -> TenantSettingScanner.mayTouch("select " + sql, SETTING));
    }

    @Test
    void refusalNamesTheSettingAndTheSqlButKeepsLongSqlShort() {
        String sql = "SET app.tenant_id = 'x'; select '" + "y".repeat(500) + "'";
        assertThatThrownBy(() -> TenantSettingScanner.refuse(sql, SETTING))
                .isInstanceOf(TenantSettingRefusedException.class)
                .hasMessageStartingWith("SQL on a tenant-bound connection may not set app.tenant_id: ")
                .hasMessageContaining("PgBouncer")
                .hasMessageContaining("Found SET app.tenant_id in: SET app.tenant_id = 'x'; select 'yyy")
                .hasMessageEndingWith("y...")
                .satisfies(e -> {
                    assertThat(((TenantSettingRefusedException) e).getSQLState()).isEqualTo("42501");
                    assertThat(e.getMessage()).hasSizeLessThan(600);
                });
    }
}
