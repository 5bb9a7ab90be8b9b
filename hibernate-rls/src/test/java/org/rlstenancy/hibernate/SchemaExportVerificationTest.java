package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.ExportedAsset;
import org.rlstenancy.hibernate.model.ExportedItem;
import org.rlstenancy.hibernate.model.ExportedMachine;
import org.rlstenancy.hibernate.model.ExportedSpecialItem;
import org.rlstenancy.hibernate.model.ExportedSummary;

/**
 * The start-up check runs after {@code hibernate.hbm2ddl.auto} has created the tables, so it checks them. Schema
 * export runs through the application's connections; here the application role may create tables in a schema of
 * its own, as in development with schema export, and so owns them. The model has a joined subclass, a secondary
 * table, collection tables, a table-per-class hierarchy with an abstract root, and a view.
 */
class SchemaExportVerificationTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void tablesThatSchemaExportCreatesAreCheckedAndTheirFindingsStopTheBoot() throws SQLException {
        HikariDataSource pool = exportSchema("exported_fail");
        ClosedRecorder closed = new ClosedRecorder();

        assertThatThrownBy(() -> sessionFactory(settings(pool, "exported_fail", "create"), closed))
                .isInstanceOf(RlsTenancyException.class)
                .hasMessageStartingWith("The database does not enforce tenant isolation on this model:")
                .hasMessageContaining("ERROR table exported_fail.exported_item: does not have row-level security"
                        + " enabled")
                .hasMessageContaining("ERROR table exported_fail.exported_item_detail: holds rows of tenant table"
                        + " exported_fail.exported_item (secondary table of " + ExportedItem.class.getName()
                        + ") but has no tenant_id column")
                .hasMessageContaining("ERROR table exported_fail.exported_item_tag: holds rows of tenant table"
                        + " exported_fail.exported_item (collection " + ExportedItem.class.getName()
                        + ".tags) but has no tenant_id column")
                .hasMessageContaining("ERROR table exported_fail.exported_special_item: holds rows of tenant table"
                        + " exported_fail.exported_item (subclass " + ExportedSpecialItem.class.getName()
                        + ") but has no tenant_id column")
                .hasMessageContaining("ERROR table exported_fail.exported_machine: does not have row-level security"
                        + " enabled")
                .hasMessageContaining("ERROR table exported_fail.exported_machine_part: holds rows of tenant table"
                        + " exported_fail.exported_machine (collection " + ExportedMachine.class.getName()
                        + ".parts) but has no tenant_id column")
                .hasMessageNotContaining("exported_fail.exported_machine: holds rows")
                .hasMessageNotContaining("exported_asset")
                .hasMessageNotContaining("exported_summary")
                .hasMessageNotContaining("does not exist");

        assertThat(db.superuserLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'exported_fail'"))
                .isEqualTo(6);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_views WHERE schemaname = 'exported_fail'"))
                .isEqualTo(1);
        assertThat(closed.closed).isTrue();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void withWarnTheReportOnTheCreatedTablesIsLoggedAndTheBootGoesOn() throws SQLException {
        HikariDataSource pool = exportSchema("exported_warn");
        Map<String, Object> settings = settings(pool, "exported_warn", "create-drop");
        settings.put(RlsSettings.VERIFICATION, "warn");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        SessionFactory sessionFactory;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            sessionFactory = sessionFactory(settings, new ClosedRecorder());
        } finally {
            System.setErr(stderr);
        }
        try {
            assertThat(sessionFactory.isOpen()).isTrue();
        } finally {
            sessionFactory.close();
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains(
                "Tenant isolation findings (rls.tenancy.verification=warn):",
                "ERROR table exported_warn.exported_item: does not have row-level security enabled",
                "ERROR table exported_warn.exported_item_tag: holds rows of tenant table exported_warn.exported_item")
                .doesNotContain("does not exist");
    }

    /** A schema the application role may create tables in, and a pool of that role. */
    private static HikariDataSource exportSchema(String schema) throws SQLException {
        db.ownerExecute("CREATE SCHEMA " + schema, "GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + db.appRole());
        return db.appPool(2);
    }

    private static Map<String, Object> settings(HikariDataSource pool, String schema, String hbm2ddl) {
        Map<String, Object> settings = HibernateFixture.settings(pool);
        settings.put("hibernate.default_schema", schema);
        settings.put("hibernate.hbm2ddl.auto", hbm2ddl);
        return settings;
    }

    private static SessionFactory sessionFactory(Map<String, Object> settings, SessionFactoryObserver observer) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClasses(ExportedItem.class, ExportedSpecialItem.class, ExportedAsset.class,
                            ExportedMachine.class, ExportedSummary.class)
                    .buildMetadata().getSessionFactoryBuilder().addSessionFactoryObservers(observer).build();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /** Records that Hibernate closed the SessionFactory. */
    static final class ClosedRecorder implements SessionFactoryObserver {
        volatile boolean closed;

        @Override
        public void sessionFactoryClosed(SessionFactory factory) {
            closed = true;
        }
    }
}
