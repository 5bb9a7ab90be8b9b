package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.BadTenantIds;
import org.rlstenancy.core.testsupport.BadTenantIds.BadTenantId;
import org.rlstenancy.core.testsupport.ServerLog;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * 10,000 malformed tenant ids for each tenant id type, through {@link TenantIdType#parse}, {@link TenantContext},
 * {@link RlsDataSource} and Hibernate Sessions: each is refused with {@link InvalidTenantIdException} naming its
 * fault, and the server's statement log shows that none of them reached PostgreSQL, while a valid tenant's
 * transactions on the same pool afterwards did.
 */
class MalformedTenantIdTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final int COUNT = 10_000;
    static final long SEED = 20_240_611L;
    static final Map<TenantIdType, Object> VALID = Map.of(
            TenantIdType.UUID, UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            TenantIdType.TEXT, "acme",
            TenantIdType.LONG, 7L);
    static final Map<TenantIdType, Class<?>> ENTITIES = Map.of(
            TenantIdType.UUID, UuidItem.class, TenantIdType.TEXT, TextItem.class, TenantIdType.LONG, LongItem.class);

    static HikariDataSource pool;
    static final Map<TenantIdType, RlsDataSource> dataSources = new EnumMap<>(TenantIdType.class);
    static final Map<TenantIdType, SessionFactory> sessionFactories = new EnumMap<>(TenantIdType.class);

    @MappedSuperclass
    public abstract static class Item {
        @Id
        Long id;
        String label;
    }

    @Entity(name = "UuidItem")
    @Table(name = "uuid_item")
    public static class UuidItem extends Item {
    }

    @Entity(name = "TextItem")
    @Table(name = "text_item")
    public static class TextItem extends Item {
    }

    @Entity(name = "LongItem")
    @Table(name = "long_item")
    public static class LongItem extends Item {
    }

    @BeforeAll
    static void setUp() throws SQLException {
        Map<TenantIdType, String> other = Map.of(TenantIdType.UUID, UUID.randomUUID().toString(),
                TenantIdType.TEXT, "globex", TenantIdType.LONG, "8");
        for (TenantIdType type : TenantIdType.values()) {
            String table = table(type);
            db.ownerExecute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, tenant_id " + type.sqlType()
                    + " NOT NULL, label text NOT NULL)");
            db.protect(TenantPolicySql.forTable(table).withColumnType(type.sqlType()));
            db.superuserExecute("INSERT INTO " + table + " VALUES (1, '" + VALID.get(type) + "', 'mine'), (2, '"
                    + other.get(type) + "', 'theirs')");
        }
        ServerLog.logStatementsOf(db.server(), db.appRole());
        pool = db.appPool(1);
        for (TenantIdType type : TenantIdType.values()) {
            dataSources.put(type, new RlsDataSource(pool, RlsConfig.defaults().withTenantIdType(type)));
            Map<String, Object> settings = HibernateFixture.settings(pool);
            settings.put(RlsSettings.TENANT_ID_TYPE, type.name().toLowerCase(Locale.ROOT));
            sessionFactories.put(type, HibernateFixture.sessionFactory(settings, ENTITIES.get(type)));
        }
    }

    @AfterAll
    static void tearDown() {
        sessionFactories.values().forEach(SessionFactory::close);
    }

    @Test
    void everyMalformedTenantIdIsRefusedNamingItsFaultAndNoneReachesTheServer() throws SQLException {
        ServerLog log = ServerLog.of(db.server());
        ServerLog.Mark beforeBarrage = log.mark();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> distinctive = new ArrayList<>();
        for (TenantIdType type : TenantIdType.values()) {
            for (BadTenantId bad : BadTenantIds.generate(type, COUNT, SEED + type.ordinal())) {
                kinds.merge(type + " " + bad.kind(), 1, Integer::sum);
                refuseEverywhere(type, bad, failures);
                if (bad.value() instanceof String text && text.strip().length() >= 8) {
                    distinctive.add(text);
                }
            }
        }
        List<ServerLog.Entry> duringBarrage = log.since(beforeBarrage);

        ServerLog.Mark beforeValid = log.mark();
        for (TenantIdType type : TenantIdType.values()) {
            assertThat(labelsThroughJdbc(type, VALID.get(type))).containsExactly("mine");
            assertThat(labelsThroughHibernate(type, VALID.get(type))).containsExactly("mine");
        }
        Object upperCase = TenantIdType.UUID.parse(VALID.get(TenantIdType.UUID).toString().toUpperCase(Locale.ROOT));
        assertThat(labelsThroughHibernate(TenantIdType.UUID, upperCase)).containsExactly("mine");
        List<ServerLog.Entry> afterBarrage = log.since(beforeValid);

        System.out.println("[MalformedTenantIdTest] refused, per type and kind: " + kinds);
        assertThat(kinds.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 * COUNT);
        assertThat(failures.stream().limit(20).toList())
                .as("%d refusals not as expected; the first ones", failures.size()).isEmpty();
        assertThat(duringBarrage).as("what the application role sent during the barrage")
                .noneMatch(entry -> entry.isFrom(db.appRole()));
        assertThat(duringBarrage).as("log entries holding a malformed id").noneMatch(entry ->
                distinctive.stream().anyMatch(entry.text()::contains));

        List<ServerLog.Entry> app = afterBarrage.stream().filter(entry -> entry.isFrom(db.appRole())).toList();
        assertThat(app).as("the valid transactions, as the server logged them").allMatch(ServerLog.Entry::isStatement);
        List<String> settings = app.stream().map(ServerLog.Entry::text).filter(text -> text.contains("set_config"))
                .toList();
        assertThat(settings).as("set_config executions").hasSize(7).allSatisfy(text -> assertThat(text)
                .containsAnyOf("$2 = '" + VALID.get(TenantIdType.UUID) + "'", "$2 = 'acme'", "$2 = '7'"));
        assertThat(afterBarrage).noneMatch(entry -> distinctive.stream().anyMatch(entry.text()::contains));
    }

    @Test
    void aTextTenantThatLooksLikeSqlIsATenantOfItsOwnAndTravelsOnlyAsAParameter() throws SQLException {
        String sql = "'; drop table text_item; --";
        ServerLog log = ServerLog.of(db.server());
        ServerLog.Mark mark = log.mark();

        assertThat(labelsThroughJdbc(TenantIdType.TEXT, TenantIdType.TEXT.parse(sql))).isEmpty();
        assertThat(labelsThroughHibernate(TenantIdType.TEXT, sql)).isEmpty();

        List<String> holdingIt = log.since(mark).stream().filter(entry -> entry.isFrom(db.appRole()))
                .map(ServerLog.Entry::text).filter(text -> text.contains("drop table"))
                .map(text -> text.replace("DETAIL:  parameters:", "DETAIL:  Parameters:")) // PostgreSQL 14 writes it in lower case
                .toList();
        assertThat(holdingIt).hasSize(2).allSatisfy(text -> assertThat(text).isEqualTo(
                "execute <unnamed>: select set_config($1, $2, true)\nDETAIL:  Parameters: $1 = 'app.tenant_id',"
                        + " $2 = '''; drop table text_item; --'"));
        assertThat(db.superuserLong("select count(*) from text_item")).isEqualTo(2);
    }

    /** Tries {@code bad} on every path into the database; adds a line to {@code failures} for each that let it by. */
    private static void refuseEverywhere(TenantIdType type, BadTenantId bad, List<String> failures) {
        Object value = bad.value();
        RlsDataSource dataSource = dataSources.get(type);
        SessionFactory sessionFactory = sessionFactories.get(type);
        String asConnectionTenant = value instanceof String && type != TenantIdType.TEXT
                ? "is a java.lang.String, but tenant ids are configured as " + type : bad.problem();
        if (value instanceof String text) {
            expectRefusal(type + " parse", bad, bad.problem(), () -> type.parse(text), failures);
        }
        if (bad.refusedByBind()) {
            expectRefusal(type + " TenantContext.bind", bad, bad.problem(), () -> TenantContext.bind(value).close(),
                    failures);
            expectRefusal(type + " TenantContext.runAs", bad, bad.problem(),
                    () -> TenantContext.runAs(value, () -> failures.add("runAs ran its work with " + bad)), failures);
        } else {
            try (TenantContext.Scope scope = TenantContext.bind(value)) {
                expectRefusal(type + " RlsDataSource.getConnection()", bad, asConnectionTenant,
                        () -> query(dataSource.getConnection()), failures);
                expectRefusal(type + " Hibernate transaction", bad, asConnectionTenant,
                        () -> sessionFactory.inTransaction(session -> items(session, type)), failures);
            }
        }
        if (TenantContext.current().isPresent()) {
            failures.add(type + ": a tenant stayed bound after " + bad);
            return;
        }
        String direct = value == null ? "is null" : asConnectionTenant;
        expectRefusal(type + " RlsDataSource.getConnection(tenantId)", bad, direct,
                () -> query(dataSource.getConnection(value)), failures);
        if (value != null) {
            // Hibernate asks the resolver too when a Session opens, so a valid tenant is bound around it.
            expectRefusal(type + " Session with tenantIdentifier", bad, direct, () -> TenantContext.runAs(
                    VALID.get(type), () -> {
                        try (Session session = sessionFactory.withOptions().tenantIdentifier(value).openSession()) {
                            items(session, type);
                        }
                    }), failures);
        }
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void expectRefusal(String path, BadTenantId bad, String problem, Attempt attempt,
            List<String> failures) {
        Throwable thrown = null;
        try {
            attempt.run();
        } catch (Throwable e) {
            thrown = e;
        }
        InvalidTenantIdException refusal = HibernateFixture.causeChain(thrown).stream()
                .filter(InvalidTenantIdException.class::isInstance).map(InvalidTenantIdException.class::cast)
                .findFirst().orElse(null);
        if (refusal == null) {
            failures.add(path + " " + bad + ": " + (thrown == null ? "accepted" : "threw " + thrown));
        } else if (!refusal.problem().contains(problem)
                || !refusal.getMessage().startsWith("Tenant id " + refusal.problem())) {
            failures.add(path + " " + bad + ": expected '" + problem + "', got '" + refusal.getMessage() + "'");
        }
    }

    private static void query(Connection connection) throws SQLException {
        try (connection; PreparedStatement statement = connection.prepareStatement("select 1")) {
            statement.executeQuery().close();
        }
    }

    private static List<String> items(Session session, TenantIdType type) {
        return session.createSelectionQuery("select label from " + ENTITIES.get(type).getSimpleName(), String.class)
                .getResultList();
    }

    private static List<String> labelsThroughJdbc(TenantIdType type, Object tenantId) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (Connection connection = dataSources.get(type).getConnection(tenantId);
             PreparedStatement statement = connection.prepareStatement("select label from " + table(type));
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                labels.add(rs.getString(1));
            }
        }
        return labels;
    }

    private static List<String> labelsThroughHibernate(TenantIdType type, Object tenantId) {
        return TenantContext.callAs(tenantId, () -> sessionFactories.get(type)
                .fromTransaction(session -> items(session, type)));
    }

    private static String table(TenantIdType type) {
        return type.name().toLowerCase(Locale.ROOT) + "_item";
    }
}
