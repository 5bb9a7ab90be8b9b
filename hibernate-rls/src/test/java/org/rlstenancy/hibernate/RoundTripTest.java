package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Through Hibernate, with JDBC batching on and queries repeated past pgJDBC's {@code prepareThreshold}: each
 * transaction that starts with a single statement carries the tenant setting in it, a transaction that starts with
 * a batch applies it separately first, and every row stays with its tenant either way.
 */
class RoundTripTest {
    static final String APPLY = "select set_config(?, ?, true)";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static HikariDataSource pool;
    static RecordingDataSource recording;
    static SessionFactory sessionFactory;

    @Entity(name = "Entry")
    @Table(name = "entry")
    public static class Entry {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "entry_seq")
        @SequenceGenerator(name = "entry_seq", sequenceName = "entry_id_seq", allocationSize = 1000)
        Long id;

        @Column(name = "tenant_id", insertable = false, updatable = false)
        UUID tenantId;

        String label;

        protected Entry() {
        }

        Entry(String label) {
            this.label = label;
        }
    }

    @Entity(name = "IdentityEntry")
    @Table(name = "identity_entry")
    public static class IdentityEntry {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;

        String label;

        protected IdentityEntry() {
        }

        IdentityEntry(String label) {
            this.label = label;
        }
    }

    @BeforeAll
    static void setUp() throws SQLException {
        db.ownerExecute("CREATE SEQUENCE entry_id_seq INCREMENT BY 1000",
                "CREATE TABLE entry (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, label text NOT NULL)",
                "CREATE TABLE identity_entry (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, label text NOT NULL)");
        db.protect(TenantPolicySql.forTable("entry"));
        db.protect(TenantPolicySql.forTable("identity_entry"));
        db.ownerExecute("GRANT USAGE ON SEQUENCE entry_id_seq TO " + db.appRole());
        pool = db.appPool(1);
        recording = new RecordingDataSource(pool);
        Map<String, Object> settings = HibernateFixture.settings(recording);
        settings.put("hibernate.jdbc.batch_size", "10");
        settings.put("hibernate.order_inserts", "true");
        settings.put("hibernate.order_updates", "true");
        sessionFactory = HibernateFixture.sessionFactory(settings, Entry.class);
    }

    @AfterAll
    static void tearDown() {
        sessionFactory.close();
    }

    @BeforeEach
    void clear() throws SQLException {
        db.superuserExecute("TRUNCATE entry, identity_entry");
        recording.reset();
    }

    @Test
    void batchedWritesStayWithTheirTenantWhetherTheSettingIsFoldedOrSeparate() throws SQLException {
        persist(ACME, "warm-up", 1);
        // The sequence's block of 1,000 ids is in memory now: persisting starts with a batch of inserts.
        List<String> batchFirst = transaction(() -> persist(ACME, "batched acme", 12));
        List<String> queryFirst = transaction(() -> TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(
                session -> {
                    session.createSelectionQuery("select count(*) from Entry", Long.class).getSingleResult();
                    for (int i = 0; i < 7; i++) {
                        session.persist(new Entry("batched globex " + i));
                    }
                })));
        List<String> updates = transaction(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(
                session -> session.createSelectionQuery("from Entry", Entry.class).getResultList()
                        .forEach(entry -> entry.label = entry.label + " renamed"))));

        assertThat(batchFirst).first().isEqualTo(APPLY);
        assertThat(batchFirst).filteredOn(APPLY::equals).hasSize(1);
        assertThat(queryFirst).first().asString().startsWith(APPLY + ";select count");
        assertThat(queryFirst).doesNotContain(APPLY).anyMatch(sql -> sql.startsWith("insert into entry"));
        assertThat(updates).first().asString().startsWith(APPLY + ";select");
        assertThat(updates).doesNotContain(APPLY).anyMatch(sql -> sql.startsWith("update entry"));
        assertThat(superuserStrings("SELECT tenant_id || ' ' || count(*) || ' ' || count(*) FILTER (WHERE label LIKE"
                + " '% renamed') FROM entry WHERE label LIKE 'batched%' GROUP BY tenant_id ORDER BY tenant_id"))
                .containsExactly(ACME + " 12 12", GLOBEX + " 7 0");
    }

    @ParameterizedTest(name = "use_get_generated_keys={0}")
    @ValueSource(booleans = {true, false})
    void identityInsertFirstInTheTransactionCarriesTheSettingWhenHibernateWritesReturning(boolean generatedKeys)
            throws SQLException {
        Map<String, Object> settings = HibernateFixture.settings(recording);
        settings.put("hibernate.jdbc.use_get_generated_keys", String.valueOf(generatedKeys));
        List<String> executed;
        try (SessionFactory factory = HibernateFixture.sessionFactory(settings, IdentityEntry.class)) {
            executed = transaction(() -> TenantContext.runAs(GLOBEX, () -> factory.inTransaction(
                    session -> session.persist(new IdentityEntry("identity")))));
        }

        if (generatedKeys) {
            // pgJDBC's generated keys cannot be read from a folded statement: the setting goes first, on its own.
            assertThat(executed).containsExactly(APPLY, "insert into identity_entry (label) values (?)");
        } else {
            assertThat(executed).singleElement().asString()
                    .isEqualTo(APPLY + ";insert into identity_entry (label) values (?) returning id");
        }
        assertThat(superuserStrings("SELECT tenant_id || ' ' || label FROM identity_entry"))
                .containsExactly(GLOBEX + " identity");
    }

    @Test
    void queriesRepeatedPastThePrepareThresholdKeepEachTransactionToItsTenant() throws SQLException {
        persist(ACME, "repeated acme", 2);
        persist(GLOBEX, "repeated globex", 1);
        recording.reset();
        for (int i = 0; i < 12; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            List<String> labels = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                    session.createSelectionQuery("select label from Entry where label like :prefix"
                            + " order by label", String.class).setParameter("prefix", "repeated %").getResultList()));
            int updated = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                    session.createMutationQuery("update Entry set label = label where label like"
                            + " :prefix").setParameter("prefix", "repeated %").executeUpdate()));

            assertThat(labels).allMatch(label -> label.startsWith(tenant == ACME ? "repeated acme" : "repeated globex"))
                    .hasSize(tenant == ACME ? 2 : 1);
            assertThat(updated).isEqualTo(tenant == ACME ? 2 : 1);
        }
        assertThat(recording.executed()).hasSize(24).allMatch(sql -> sql.startsWith(APPLY + ";"));
        try (Connection raw = pool.getConnection();
             Statement statement = raw.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_prepared_statements"
                     + " WHERE NOT from_sql AND statement = 'select set_config($1, $2, true)'")) {
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    private static void persist(UUID tenant, String label, int count) {
        TenantContext.runAs(tenant, () -> sessionFactory.inTransaction(session -> {
            for (int i = 0; i < count; i++) {
                session.persist(new Entry(label + " " + i));
            }
        }));
    }

    /** Runs {@code transaction} and returns the SQL it executed, in order. */
    private static List<String> transaction(Runnable transaction) {
        recording.reset();
        transaction.run();
        return recording.executed();
    }

    private static List<String> superuserStrings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = db.superuserConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
