package org.rlstenancy.hibernate.citus;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.SessionFactory;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.HibernateFixture;
import org.rlstenancy.hibernate.RlsSettings;

/**
 * Hibernate in the citus mode on a coordinator and two workers, as the application role: with {@code @TenantId} on
 * the entity, a read by id names the tenant column, and Citus routes it to one shard ({@code EXPLAIN} of the very SQL
 * Hibernate sent, with its parameters: one task); without it, the read goes to all 32 shards. Either way another
 * tenant's id finds nothing.
 */
@Tag(CitusCluster.TAG)
class CitusRoutingTest {
    @RegisterExtension
    static final TestDatabase db = CitusCluster.database();

    static final UUID ACME = HibernateFixture.ACME;
    static final UUID GLOBEX = HibernateFixture.GLOBEX;
    static final RlsConfig CITUS = RlsConfig.defaults().withMode(TenantMode.CITUS);
    static final List<String> sent = new CopyOnWriteArrayList<>();

    static SessionFactory sessionFactory;
    static RlsDataSource jdbc;

    @BeforeAll
    static void schema() throws SQLException {
        db.ownerExecute("CREATE TABLE entry (tenant_id uuid NOT NULL, id bigint NOT NULL, body text NOT NULL,"
                + " PRIMARY KEY (tenant_id, id))");
        db.protect(TenantPolicySql.forTable("entry").withConfig(CITUS));
        db.ownerExecute("SELECT create_distributed_table('entry', 'tenant_id')");
        db.superuserExecute("INSERT INTO entry VALUES ('" + ACME + "', 1, 'acme one'), ('" + GLOBEX
                + "', 2, 'globex two')");
        Map<String, Object> settings = HibernateFixture.settings(db.appPool(2));
        settings.put(RlsSettings.MODE, "citus");
        settings.put("hibernate.session_factory.statement_inspector", (StatementInspector) sql -> {
            sent.add(sql);
            return sql;
        });
        sessionFactory = HibernateFixture.sessionFactory(settings, Entry.class, PlainEntry.class);
        jdbc = new RlsDataSource(db.appPool(1), CITUS);
    }

    @AfterAll
    static void close() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    @Test
    void aReadByIdNamesTheTenantAndRoutesToOneShard() throws SQLException {
        sent.clear();
        Entry found = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(s -> s.find(Entry.class, 1L)));
        assertThat(found.getBody()).isEqualTo("acme one");
        Entry globexs = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(s -> s.find(Entry.class, 2L)));
        assertThat(globexs).isNull();
        String select = lastSelect();
        assertThat(select).containsPattern("tenant_id ?= ?\\?");
        // The parameters in the order Hibernate binds them: the tenant's placeholder comes where it is in the SQL.
        boolean tenantFirst = select.lastIndexOf("tenant_id") < select.lastIndexOf(".id=?");
        assertThat(plan(select, tenantFirst ? new Object[] {ACME, 1L} : new Object[] {1L, ACME}))
                .contains("Task Count: 1");
    }

    @Test
    void withoutTenantIdAReadByIdGoesToEveryShardAndStillFindsOnlyTheTenantsRow() throws SQLException {
        sent.clear();
        PlainEntry own = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(
                s -> s.find(PlainEntry.class, 1L)));
        assertThat(own.getBody()).isEqualTo("acme one");
        PlainEntry globexs = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(
                s -> s.find(PlainEntry.class, 2L)));
        assertThat(globexs).isNull();
        String select = lastSelect();
        assertThat(select).doesNotContain("tenant_id=?").doesNotContain("tenant_id = ?");
        assertThat(plan(select, 1L)).contains("Task Count: 32");
    }

    static String lastSelect() {
        return sent.stream().filter(sql -> sql.startsWith("select")).reduce((first, second) -> second).orElseThrow();
    }

    static String plan(String select, Object... parameters) throws SQLException {
        try (TenantContext.Scope scope = TenantContext.bind(ACME); Connection connection = jdbc.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN " + select)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
