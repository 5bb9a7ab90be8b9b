package org.rlstenancy.liquibase.citus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.liquibase.Migrator;

/**
 * {@code enableTenantIsolation}, {@code distributeByTenant} and {@code createReferenceTable} through real Liquibase
 * on a Citus coordinator with two workers, then the application role (NOBYPASSRLS, not the owner) in the citus mode;
 * rollback; and the errors for a table in the wrong state. Each test has a database of its own on every node.
 */
@Tag(CitusCluster.TAG)
class CitusChangeTypesTest {
    static final UUID ACME = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    static final RlsConfig CITUS = RlsConfig.defaults().withMode(TenantMode.CITUS);

    static final String CHANGELOG = """
            databaseChangeLog:
              - changeSet:
                  id: tables
                  author: test
                  changes:
                    - sql:
                        sql: |
                          CREATE TABLE country (code text PRIMARY KEY, name text NOT NULL);
                          INSERT INTO country VALUES ('FR', 'France'), ('JP', 'Japan');
                          CREATE TABLE shop_order (tenant_id uuid NOT NULL, id bigint NOT NULL, country text NOT NULL,
                            PRIMARY KEY (tenant_id, id));
                          CREATE TABLE order_line (tenant_id uuid NOT NULL, order_id bigint NOT NULL,
                            line int NOT NULL, item text NOT NULL, PRIMARY KEY (tenant_id, order_id, line));
                          GRANT SELECT ON country TO %1$s;
                          GRANT SELECT, INSERT, UPDATE, DELETE ON shop_order, order_line TO %1$s;
                      rollback:
                        - sql: DROP TABLE order_line, shop_order, country
              - changeSet:
                  id: isolation
                  author: test
                  changes:
                    - enableTenantIsolation: {tableName: shop_order}
                    - enableTenantIsolation: {tableName: order_line}
              - changeSet:
                  id: seed
                  author: test
                  changes:
                    - sql:
                        sql: |
                          SELECT set_config('app.tenant_id', '%2$s', true);
                          INSERT INTO shop_order VALUES (DEFAULT, 1, 'FR'), (DEFAULT, 2, 'JP');
                          INSERT INTO order_line VALUES (DEFAULT, 1, 1, 'wheels'), (DEFAULT, 2, 1, 'rope');
                      rollback:
                        - sql: SELECT 1
              - changeSet:
                  id: scale-out
                  author: test
                  changes:
                    - createReferenceTable: {tableName: country}
                    - distributeByTenant: {tableName: shop_order}
                    - distributeByTenant: {tableName: order_line, colocateWith: shop_order}
            """;

    final TestDatabase db = CitusCluster.database();

    @TempDir
    Path dir;

    Migrator migrator;

    @BeforeEach
    void database() throws SQLException {
        db.create();
        migrator = new Migrator(db, dir);
    }

    @org.junit.jupiter.api.AfterEach
    void drop() throws SQLException {
        db.drop();
    }

    @Test
    void theChangelogDistributesTheTenantTablesWithThePolicyFormCitusAcceptsAndTheRowsStayIsolated()
            throws Exception {
        migrator.update(migrator.write("changelog.yaml", CHANGELOG.formatted(db.appRole(), ACME)));

        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'h'"
                + " AND logicalrelid IN ('shop_order'::regclass, 'order_line'::regclass)")).isEqualTo(2);
        assertThat(db.superuserLong("SELECT count(DISTINCT colocationid) FROM pg_dist_partition"
                + " WHERE logicalrelid IN ('shop_order'::regclass, 'order_line'::regclass)")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'n'"
                + " AND logicalrelid = 'country'::regclass")).isEqualTo(1);
        // Enabled without a mode on a coordinator: the plain form, no sub-select; and FORCE back on after the copy.
        assertThat(db.superuserLong("SELECT count(*) FROM pg_policy WHERE polrelid = 'shop_order'::regclass"
                + " AND pg_get_expr(polqual, polrelid) NOT LIKE '%SELECT%'")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_class WHERE relname IN ('shop_order', 'order_line')"
                + " AND relrowsecurity AND relforcerowsecurity")).isEqualTo(2);
        // The seeded rows were moved to the shards, none lost.
        assertThat(db.superuserLong("SELECT count(*) FROM shop_order")).isEqualTo(2);
        try (Connection connection = db.appConnection()) {
            List<?> findings = IsolationVerifier.of(CITUS, "tenant_id")
                    .verify(connection, List.of("shop_order", "order_line"));
            assertThat(findings).isEmpty();
        }

        RlsDataSource app = new RlsDataSource(db.appPool(2), CITUS);
        assertThat(countOrders(app, ACME)).isEqualTo(2);
        assertThat(countOrders(app, GLOBEX)).isZero();
        try (TenantContext.Scope globex = TenantContext.bind(GLOBEX); Connection connection = app.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO shop_order (tenant_id, id, country) VALUES (?, 3, 'FR')")) {
            insert.setObject(1, ACME);
            assertThatThrownBy(insert::executeUpdate).hasMessageContaining("row-level security");
        }
        assertThat(countOrders(app, ACME)).isEqualTo(2);
    }

    @Test
    void rollbackPutsTheTablesBackOnTheCoordinatorWithTheirPoliciesAndRows() throws Exception {
        String changelog = migrator.write("changelog.yaml", CHANGELOG.formatted(db.appRole(), ACME));
        migrator.update(changelog);
        migrator.rollback(changelog, 1);

        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition")).isZero();
        assertThat(db.superuserLong("SELECT count(*) FROM shop_order")).isEqualTo(2);
        assertThat(db.superuserLong("SELECT count(*) FROM country")).isEqualTo(2);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_policy WHERE polrelid IN ('shop_order'::regclass,"
                + " 'order_line'::regclass)")).isEqualTo(2);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_class WHERE relname IN ('shop_order', 'order_line')"
                + " AND relrowsecurity AND relforcerowsecurity")).isEqualTo(2);
        migrator.update(changelog);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition")).isEqualTo(3);
    }

    @Test
    void aTableWithoutPoliciesIsNotDistributedAndATenantTableIsNotMadeAReferenceTable() throws Exception {
        db.ownerExecute("CREATE TABLE bare (tenant_id uuid NOT NULL, id bigint NOT NULL, PRIMARY KEY (tenant_id, id))",
                "CREATE TABLE guarded (tenant_id uuid NOT NULL, id bigint NOT NULL, PRIMARY KEY (tenant_id, id))");
        migrator.update(migrator.write("guard.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: guard
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: guarded}
                """));
        assertThatThrownBy(() -> migrator.update(migrator.write("bare.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: bare
                      author: test
                      changes:
                        - distributeByTenant: {tableName: bare}
                """))).hasStackTraceContaining("table bare (schema public) has no row-level security policy")
                .hasStackTraceContaining("enableTenantIsolation");
        assertThatThrownBy(() -> migrator.update(migrator.write("reference.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: reference
                      author: test
                      changes:
                        - createReferenceTable: {tableName: guarded}
                """))).hasStackTraceContaining("holds tenant data").hasStackTraceContaining("distributeByTenant");
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition")).isZero();
    }

    @Test
    void rollingBackATableWithAnIdentityColumnIsAnErrorThatSaysWhy() throws Exception {
        db.ownerExecute("CREATE TABLE counted (tenant_id uuid NOT NULL, id bigint GENERATED BY DEFAULT AS IDENTITY,"
                + " PRIMARY KEY (tenant_id, id))");
        String changelog = migrator.write("identity.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: identity
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: counted}
                        - distributeByTenant: {tableName: counted}
                """);
        migrator.update(changelog);
        assertThatThrownBy(() -> migrator.rollback(changelog, 1)).hasStackTraceContaining("identity column (id)");
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition")).isEqualTo(1);
    }

    static long countOrders(RlsDataSource app, UUID tenant) throws SQLException {
        try (TenantContext.Scope scope = TenantContext.bind(tenant); Connection connection = app.getConnection();
                var rs = connection.createStatement().executeQuery("SELECT count(*) FROM shop_order")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
