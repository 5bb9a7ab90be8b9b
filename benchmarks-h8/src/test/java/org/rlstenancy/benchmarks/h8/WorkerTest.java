package org.rlstenancy.benchmarks.h8;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.WorkerProtocol;
import org.rlstenancy.benchmarks.data.DataSize;
import org.rlstenancy.benchmarks.data.H8Schema;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.data.TaskSchema;
import org.rlstenancy.benchmarks.data.TenantIds;

/** The worker's protocol end to end, on embedded PostgreSQL with a small copy of the benchmark's data. */
class WorkerTest {
    private static final String APP = "h8_worker_app";
    private static final String PASSWORD = "h8_worker_secret";

    private static EmbeddedPostgres postgres;
    private static TenantIds tenants;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection owner = postgres.getPostgresDatabase().getConnection();
             Statement statement = owner.createStatement()) {
            statement.execute("CREATE ROLE " + APP + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + PASSWORD + "'");
            DataSize size = new DataSize(3, 600);
            TaskSchema.create(owner, APP, size, SigningSecret.random());
            H8Schema.create(owner, APP, size);
            tenants = TenantIds.load(owner);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void answersEachRequestAndCountsExactlyTheTenantsRows() throws IOException {
        TenantIds.Tenant large = tenants.large();
        TenantIds.Tenant small = tenants.small().get(0);
        List<String> requests = new ArrayList<>(WorkerProtocol.open(postgres.getJdbcUrl(APP, "postgres"), APP,
                PASSWORD, 2, 2, tenants.listed()));
        requests.add(WorkerProtocol.COUNT + " " + large.id());
        requests.add(WorkerProtocol.COUNT + " " + small.id());
        requests.add(WorkerProtocol.run("mixed", 2, 0.3, 42));
        requests.add(WorkerProtocol.run("sideways", 1, 0.1, 42));
        requests.add(WorkerProtocol.QUIT);

        List<String> answers = serve(requests);

        assertThat(answers).hasSize(6);
        assertThat(WorkerProtocol.okFields("open", answers.get(0))).containsExactly("600", "8.0.0.Beta1");
        assertThat(WorkerProtocol.okFields("count", answers.get(1)))
                .containsExactly(Integer.toString(large.taskCount()), Integer.toString(large.taskCount()));
        assertThat(WorkerProtocol.okFields("count", answers.get(2)))
                .containsExactly(Integer.toString(small.taskCount()), Integer.toString(small.taskCount()));
        assertThat(large.taskCount()).isNotEqualTo(small.taskCount());
        assertThat(WorkerProtocol.sliceResult(WorkerProtocol.okFields("run", answers.get(3))).transactions())
                .isPositive();
        assertThat(answers.get(4)).startsWith("error ").contains("sideways");
        assertThat(answers.get(5)).isEqualTo("ok");
    }

    @Test
    void requestsBeforeOpenAreRefused() throws IOException {
        assertThat(serve(List.of(WorkerProtocol.COUNT + " " + tenants.large().id(), WorkerProtocol.QUIT)))
                .containsExactly("error java.lang.IllegalStateException: Not open yet", "ok");
    }

    /**
     * {@code reconnect} moves the pool: to a database with fewer rows (same tenants), the counts are that database's.
     * A URL nothing listens on is refused and leaves the pool as it was.
     */
    @Test
    void reconnectMovesThePoolAndARefusedOneLeavesItAsItWas() throws Exception {
        TenantIds smaller;
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE h8_reconnected");
        }
        try (Connection owner = postgres.getDatabase("postgres", "h8_reconnected").getConnection()) {
            DataSize size = new DataSize(3, 300);
            TaskSchema.create(owner, APP, size, SigningSecret.random());
            H8Schema.create(owner, APP, size);
            smaller = TenantIds.load(owner);
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TenantIds.Tenant large = tenants.large();
        assertThat(smaller.large().id()).isEqualTo(large.id());
        assertThat(smaller.large().taskCount()).isNotEqualTo(large.taskCount());
        List<String> requests = new ArrayList<>(WorkerProtocol.open(postgres.getJdbcUrl(APP, "postgres"), APP,
                PASSWORD, 2, 2, tenants.listed()));
        requests.add(WorkerProtocol.RECONNECT + " jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres");
        requests.add(WorkerProtocol.COUNT + " " + large.id());
        requests.add(WorkerProtocol.RECONNECT + " " + postgres.getJdbcUrl(APP, "h8_reconnected"));
        requests.add(WorkerProtocol.COUNT + " " + large.id());
        requests.add(WorkerProtocol.QUIT);

        List<String> answers = serve(requests);

        assertThat(answers).hasSize(6);
        assertThat(answers.get(1)).startsWith("error ").contains(Integer.toString(closedPort));
        assertThat(WorkerProtocol.okFields("count", answers.get(2)))
                .containsExactly(Integer.toString(large.taskCount()), Integer.toString(large.taskCount()));
        assertThat(answers.get(3)).isEqualTo("ok");
        String moved = Integer.toString(smaller.large().taskCount());
        assertThat(WorkerProtocol.okFields("count", answers.get(4))).containsExactly(moved, moved);
    }

    /**
     * What Hibernate 8 sends for a transaction: the tenant set by a statement of its own, twice (when the Session
     * obtains its connection, still in auto-commit, and again when the transaction begins), then the query with its
     * own {@code @TenantId} filter as well as the policy.
     */
    @Test
    void setsTheTenantTwiceWithStatementsOfTheirOwnAndStillFiltersTheQuery() throws SQLException {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(postgres.getJdbcUrl(APP, "postgres"));
            pool.setUsername(APP);
            pool.setPassword(PASSWORD);
            pool.setMaximumPoolSize(1);
            try (H8Mode mode = new H8Mode(recording(pool, sent))) {
                long[] counted = mode.count(tenants.large().id());
                assertThat(counted).containsExactly(tenants.large().taskCount(), tenants.large().taskCount());
            }
        }
        String setTenant = "select set_config('hibernate.tenant_id', ?, true),"
                + " set_config('hibernate.tenant_id_root', ?, true)";
        assertThat(sent).as(sent.toString()).hasSize(4);
        assertThat(sent.subList(0, 2)).containsOnly(setTenant);
        assertThat(sent.get(2)).contains("from task_h8").containsPattern("tenant_id\\s*=\\s*\\?");
        assertThat(sent.get(3)).isEqualTo("select count(*) from task_h8");
    }

    private static List<String> serve(List<String> requests) throws IOException {
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        try (Worker worker = new Worker()) {
            worker.serve(new BufferedReader(new StringReader(String.join("\n", requests) + "\n")),
                    new PrintStream(answers, true, StandardCharsets.UTF_8));
        }
        return answers.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** {@code pool}, its connections recording the SQL of every statement they prepare or create into {@code sent}. */
    private static DataSource recording(DataSource pool, List<String> sent) {
        return proxy(DataSource.class, pool, (target, method, args) -> {
            Object result = method.invoke(target, args);
            return result instanceof Connection connection ? proxy(Connection.class, connection, (c, m, a) -> {
                if (m.getName().startsWith("prepare") && a != null && a[0] instanceof String sql) {
                    sent.add(sql);
                }
                return m.invoke(c, a);
            }) : result;
        });
    }

    private interface Call<T> {
        Object invoke(T target, java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
