package org.rlstenancy.benchmarks.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The table of the {@code h8-rls} mode, {@value #TABLE}: the rows, columns and indexes of {@link TaskSchema}'s tables (copied with {@code LIKE ... INCLUDING ALL}),
 * under the policy Hibernate 8's {@code PostgreSQLRowLevelSecurity} (8.0.0.Beta1) generates for a {@code @TenantId}
 * column when {@code hibernate.multi_tenant.rls_enabled} is set: {@value #POLICY}, comparing the column with the
 * transaction-local setting {@code hibernate.tenant_id}, or letting every row through when
 * {@code hibernate.tenant_id_root} is true. Made here, by the owner, as the other tables are, since the benchmark
 * exports no schema; {@link #statements} spells out what Hibernate's export would run.
 */
public final class H8Schema {
    /** The table Hibernate 8's policy is on. */
    public static final String TABLE = "task_h8";
    /** The policy's name, as Hibernate 8 names it. */
    public static final String POLICY = "hibernate_tenant_isolation";
    /** Hibernate 8's predicate for a {@code uuid} tenant column {@code tenant_id}. */
    public static final String PREDICATE = "tenant_id = cast(nullif(current_setting('hibernate.tenant_id', true), '')"
            + " as uuid) or coalesce(cast(nullif(current_setting('hibernate.tenant_id_root', true), '') as boolean),"
            + " false)";

    private H8Schema() {
    }

    /** The table, its rows (copied from {@link TaskSchema#PLAIN_TABLE}), indexes, policy and grants. */
    public static List<String> statements(String appRole, DataSize size) {
        String columns = "id, tenant_id, project_id, title, done, created_at";
        return List.of(
                "CREATE TABLE " + TABLE + " (LIKE " + TaskSchema.PLAIN_TABLE + " INCLUDING ALL)",
                "INSERT INTO " + TABLE + " (" + columns + ") SELECT " + columns + " FROM "
                        + TaskSchema.PLAIN_TABLE + " ORDER BY id",
                "ALTER TABLE " + TABLE + " ALTER COLUMN id RESTART WITH " + (size.rows() + 1L),
                "ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE " + TABLE + " FORCE ROW LEVEL SECURITY",
                "CREATE POLICY " + POLICY + " ON " + TABLE + " USING (" + PREDICATE + ") WITH CHECK (" + PREDICATE
                        + ")",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + TABLE + " TO " + appRole,
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + appRole,
                "VACUUM (ANALYZE) " + TABLE);
    }

    /** Runs {@link #statements} on {@code owner}'s database (auto-commit), after {@link TaskSchema#create}. */
    public static void create(Connection owner, String appRole, DataSize size) throws SQLException {
        try (Statement statement = owner.createStatement()) {
            for (String each : statements(appRole, size)) {
                statement.execute(each);
            }
        }
    }
}
