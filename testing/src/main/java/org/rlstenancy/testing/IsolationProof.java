package org.rlstenancy.testing;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.internal.ModelTables;

/**
 * Proves tenant isolation for every tenant table of an application's own Hibernate model, with data the caller has
 * seeded for two tenants. For each table with the tenant column, in both directions, as tenant A through the
 * SessionFactory's own connections: reads see none of B's rows; updates and deletes of B's rows change nothing;
 * inserting a row for B and moving a row to B are refused by the database; B's rows, read as the owner, are the same
 * afterwards; and a connection taken raw from the pool carries no tenant. It also runs the start-up check of
 * rls-tenancy-hibernate on the model: {@link IsolationVerifier}, and a failure for each joined-subclass, secondary,
 * collection or join table of a tenant table that has no tenant column. All work as A is rolled back.
 *
 * <pre>{@code
 * IsolationProof.of(sessionFactory).ownerDataSource(owner).tenants(ACME, GLOBEX).prove();
 * }</pre>
 */
public final class IsolationProof {

    private final SessionFactory sessionFactory;
    private DataSource owner;
    private Object tenantA;
    private Object tenantB;
    private String tenantColumn = TenantPolicySql.DEFAULT_COLUMN;

    private IsolationProof(SessionFactory sessionFactory) {
        this.sessionFactory = Objects.requireNonNull(sessionFactory, "sessionFactory");
    }

    /**
     * A proof for the model of {@code sessionFactory}, configured with this library's connection provider.
     *
     * @param sessionFactory the application's SessionFactory
     * @return the proof, still to be given the {@link #ownerDataSource owner's data source} and
     *     {@link #tenants(Object, Object) tenants}
     */
    public static IsolationProof of(SessionFactory sessionFactory) {
        return new IsolationProof(sessionFactory);
    }

    /**
     * A proof for the model of {@code entityManagerFactory}, a Hibernate one.
     *
     * @param entityManagerFactory the application's EntityManagerFactory, which unwraps to a SessionFactory
     * @return the proof, still to be given the {@link #ownerDataSource owner's data source} and
     *     {@link #tenants(Object, Object) tenants}
     */
    public static IsolationProof of(EntityManagerFactory entityManagerFactory) {
        return new IsolationProof(entityManagerFactory.unwrap(SessionFactory.class));
    }

    /**
     * A data source as the tables' owner, to read each tenant's rows before and after.
     *
     * @param ownerDataSource connections as the role that owns the tenant tables
     * @return this proof
     */
    public IsolationProof ownerDataSource(DataSource ownerDataSource) {
        this.owner = Objects.requireNonNull(ownerDataSource, "ownerDataSource");
        return this;
    }

    /**
     * The two tenants, each with at least one row in every tenant table.
     *
     * @param a one tenant, of the application's tenant id type
     * @param b the other tenant
     * @return this proof
     * @throws IllegalArgumentException if the two are equal
     */
    public IsolationProof tenants(Object a, Object b) {
        this.tenantA = Objects.requireNonNull(a, "a");
        this.tenantB = Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("the two tenants must differ, both are " + a);
        }
        return this;
    }

    /**
     * The tenant column of the tenant tables; default {@code tenant_id}.
     *
     * @param column the column's name
     * @return this proof
     */
    public IsolationProof tenantColumn(String column) {
        this.tenantColumn = Objects.requireNonNull(column, "column");
        return this;
    }

    /** Runs the proof; throws {@link AssertionError} listing every failure, each naming the table and operation. */
    public void prove() {
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            throw new AssertionError("Tenant isolation does not hold:\n  - " + String.join("\n  - ", failures));
        }
    }

    /**
     * Runs the proof; the failures, each naming the table and the operation, or none.
     *
     * @return the failures; empty when isolation holds
     * @throws IllegalStateException before {@link #ownerDataSource} and {@link #tenants(Object, Object)}
     */
    public List<String> failures() {
        if (owner == null || tenantA == null) {
            throw new IllegalStateException("give ownerDataSource(...) and tenants(a, b) before proving");
        }
        MultiTenantConnectionProvider<?> provider = sessionFactory.unwrap(SessionFactoryImplementor.class)
                .getServiceRegistry().requireService(MultiTenantConnectionProvider.class);
        if (!(provider instanceof RlsMultiTenantConnectionProvider rls)) {
            return List.of("the SessionFactory does not use RlsMultiTenantConnectionProvider"
                    + " (hibernate.multi_tenant_connection_provider), so nothing applies the tenant");
        }
        List<String> failures = new ArrayList<>();
        try {
            Run run = new Run(rls, failures);
            List<String> tables = run.tenantTables();
            if (tables.isEmpty()) {
                failures.add("the model has no table with the tenant column " + tenantColumn);
            }
            for (String table : tables) {
                run.table(table, tenantA, tenantB);
                run.table(table, tenantB, tenantA);
            }
            run.pooledConnectionIsClean();
        } catch (SQLException e) {
            failures.add("the proof could not run: " + e.getMessage());
        }
        return failures;
    }

    /** One run of the proof. */
    private final class Run {
        private final RlsMultiTenantConnectionProvider provider;
        private final RlsConfig config;
        private final List<String> failures;

        Run(RlsMultiTenantConnectionProvider provider, List<String> failures) {
            this.provider = provider;
            this.config = provider.config();
            this.failures = failures;
        }

        /**
         * The model's tables with the tenant column, after the start-up check's findings on the model: the verifier's,
         * and a dependent table of a tenant table without the tenant column.
         */
        List<String> tenantTables() throws SQLException {
            ModelTables model = ModelTables.of(sessionFactory.unwrap(SessionFactoryImplementor.class));
            IsolationVerifier verifier = IsolationVerifier.of(config, tenantColumn);
            List<String> tenantTables = new ArrayList<>();
            Connection connection = provider.getAnyConnection();
            try {
                for (String table : model.tables()) {
                    if (verifier.hasTenantColumn(connection, table)) {
                        tenantTables.add(table);
                    }
                }
                for (IsolationFinding finding : model.findings(connection, verifier, tenantColumn)) {
                    if (finding.severity() == IsolationFinding.Severity.ERROR) {
                        failures.add("verifier: " + finding);
                    }
                }
            } finally {
                provider.releaseAnyConnection(connection);
            }
            return tenantTables;
        }

        /** As tenant {@code a}, everything about {@code b}'s rows of {@code table}. */
        void table(String table, Object a, Object b) throws SQLException {
            String aText = config.tenantIdType().toSettingValue(a);
            String bText = config.tenantIdType().toSettingValue(b);
            String prefix = "table " + table + ": as tenant " + aText + ", ";
            String before = ownerSnapshot(table, bText);
            if (before.startsWith("0|")) {
                failures.add("table " + table + ": tenant " + bText + " has no rows; seed rows of both tenants in"
                        + " every tenant table so that isolation can be proven");
                return;
            }
            TenantContext.runAs(a, () -> {
                try (Session session = sessionFactory.openSession()) {
                    session.beginTransaction();
                    try {
                        session.doWork(connection -> asTenant(connection, table, prefix, aText, bText));
                    } finally {
                        session.getTransaction().rollback();
                    }
                }
            });
            if (!ownerSnapshot(table, bText).equals(before)) {
                failures.add(prefix + "tenant " + bText + "'s rows changed");
            }
        }

        private void asTenant(Connection connection, String table, String prefix, String aText, String bText)
                throws SQLException {
            String column = TenantPolicySql.quote(tenantColumn);
            long seen = count(connection, "SELECT count(*) FROM " + table + " WHERE " + column + "::text = ?", bText);
            if (seen > 0) {
                failures.add(prefix + "SELECT saw " + seen + " rows of tenant " + bText);
            }
            long others = count(connection, "SELECT count(*) FROM " + table + " WHERE " + column + "::text <> ?",
                    aText);
            if (others > 0) {
                failures.add(prefix + "SELECT saw " + others + " rows of other tenants");
            }
            long own = count(connection, "SELECT count(*) FROM " + table, null);
            for (String verb : List.of("UPDATE", "DELETE")) {
                String sql = verb.equals("UPDATE")
                        ? "UPDATE " + table + " SET " + column + " = " + column + " WHERE " + column + "::text = ?"
                        : "DELETE FROM " + table + " WHERE " + column + "::text = ?";
                Savepoint savepoint = connection.setSavepoint();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, bText);
                    int changed = statement.executeUpdate();
                    if (changed > 0) {
                        failures.add(prefix + verb + " changed " + changed + " rows of tenant " + bText);
                    }
                } catch (SQLException e) {
                    failures.add(prefix + verb + " of tenant " + bText + "'s rows failed: " + e.getMessage());
                } finally {
                    connection.rollback(savepoint);
                }
            }
            if (own == 0) {
                failures.add("table " + table + ": tenant " + aText + " sees no rows; seed rows of both tenants in"
                        + " every tenant table so that writes into the other tenant can be tried");
                return;
            }
            String columns = String.join(", ", insertableColumns(connection, table));
            refused(connection, prefix + "INSERT of a row for tenant " + bText, "INSERT INTO " + table + " ("
                    + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns + " FROM (SELECT (jsonb_populate_record("
                    + "NULL::" + table + ", to_jsonb(t) || jsonb_build_object(?::text, ?::text))).* FROM " + table + " t LIMIT 1) r",
                    tenantColumn, bText);
            refused(connection, prefix + "UPDATE moving a row to tenant " + bText, "UPDATE " + table + " SET "
                    + column + " = (jsonb_populate_record(NULL::" + table + ", jsonb_build_object(?::text, ?::text)))." + column
                    + " WHERE ctid = (SELECT ctid FROM " + table + " LIMIT 1)", tenantColumn, bText);
        }

        /** Runs {@code sql} in a savepoint; a failure unless the database refuses it for row-level security. */
        private void refused(Connection connection, String what, String sql, String... parameters)
                throws SQLException {
            Savepoint savepoint = connection.setSavepoint();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                statement.executeUpdate();
                failures.add(what + " was accepted");
            } catch (SQLException e) {
                if (!(e instanceof CrossTenantWriteException)
                        && !CrossTenantWriteException.isRowLevelSecurityViolation(e)) {
                    failures.add(what + " failed with SQLSTATE " + e.getSQLState() + " (" + e.getMessage() + ")"
                            + " instead of being refused by a row-level security policy");
                }
            } finally {
                connection.rollback(savepoint);
            }
        }

        private List<String> insertableColumns(Connection connection, String table) throws SQLException {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT quote_ident(attname)"
                    + " FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped"
                    + " AND attgenerated = '' ORDER BY attnum")) {
                statement.setString(1, table);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            return columns;
        }

        /** {@code count|md5} of tenant {@code tenant}'s rows, read as the owner with that tenant set. */
        private String ownerSnapshot(String table, String tenant) throws SQLException {
            try (Connection connection = owner.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
                        set.setString(1, config.settingName());
                        set.setString(2, tenant);
                        set.execute();
                    }
                    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) || '|' ||"
                            + " md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM " + table + " t"
                            + " WHERE " + TenantPolicySql.quote(tenantColumn) + "::text = ?");
                            ResultSet rs = bind(statement, tenant).executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                } finally {
                    connection.rollback();
                }
            }
        }

        void pooledConnectionIsClean() throws SQLException {
            Connection connection = provider.getAnyConnection();
            try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?, true)")) {
                statement.setString(1, config.settingName());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    String value = rs.getString(1);
                    if (value != null && !value.isEmpty()) {
                        failures.add("a connection taken from the pool still carries " + config.settingName() + " = "
                                + value);
                    }
                }
            } finally {
                provider.releaseAnyConnection(connection);
            }
        }

        private long count(Connection connection, String sql, String parameter) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rs = bind(statement, parameter).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private PreparedStatement bind(PreparedStatement statement, String parameter) throws SQLException {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            return statement;
        }
    }
}
