package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.benchmarks.data.DataSize;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.data.TaskSchema;
import org.rlstenancy.benchmarks.data.TenantIds;
import org.rlstenancy.benchmarks.data.TenantIds.Tenant;
import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.benchmarks.mode.TenancyMode;
import org.rlstenancy.benchmarks.mode.Tasks;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Every query the benchmark runs is planned on an index, with no sequential scan, for the large tenant (a tenth of
 * 1,000,000 rows, or of {@link #SIZE}) and for a small one. The statements are the ones Hibernate really sends: each operation runs once
 * through the mode's SessionFactory while {@link StatementRecorder} records the SQL and its parameter values; each
 * statement on a task table is then explained as the application role with the tenant set. What is asserted:
 * <ul>
 *   <li>every statement: no Seq Scan node;</li>
 *   <li>tenant queries (the page and the count): an Index Scan, Index Only Scan or Bitmap Index Scan whose Index
 *       Cond compares {@code tenant_id}. Under RLS the value is the policy's sub-select, so this shows the policy
 *       itself drives the index;</li>
 *   <li>lookups by primary key (the point read, and the read and UPDATE of the update workload): an Index Scan of
 *       the table's primary key whose Index Cond is {@code id = ...}, with {@code tenant_id} checked on that same
 *       node (Filter or Index Cond). The key finds at most one row, so the tenant is a check on that row rather than
 *       an index condition. On the plain table Hibernate's UPDATE has only {@code where id=?}, so there only the key
 *       is asserted; the tenant was checked by the read before it;</li>
 *   <li>inserts: no scan at all.</li>
 * </ul>
 * Under the signed policy ({@code rls-signed}) the tenant is
 * {@code (SELECT rls_tenancy.tenant('app.tenant_id')::uuid)}, a plpgsql function: the page and count queries must
 * run it as one init plan, once per statement however many rows the index returns, which
 * {@code EXPLAIN (ANALYZE, VERBOSE)} and the function's call count show. The harness's own id lookup, run as the
 * owner on the plain table, must use the tenant index too.
 */
class QueryPlanTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Pattern TASK_TABLE = Pattern.compile("\\b(task|task_plain|task_signed)\\b");
    /** How many times this transaction has called {@code rls_tenancy.tenant(text)}, with track_functions on. */
    private static final String TENANT_CALLS = "select coalesce(pg_stat_get_xact_function_calls("
            + "'rls_tenancy.tenant(text)'::regprocedure), 0)";
    private static final Pattern KEY_CONDITION = Pattern.compile("\\(id = ");

    /**
     * The data: 1,000 tenants and 1,000,000 rows, unless the system properties {@code rls.benchmarks.tenants} and
     * {@code rls.benchmarks.rows} say otherwise (the scale runs of docs/6).
     */
    private static final DataSize SIZE = new DataSize(Integer.getInteger("rls.benchmarks.tenants",
            DataSize.FULL.tenants()), Integer.getInteger("rls.benchmarks.rows", DataSize.FULL.rows()));

    private static TenantIds tenants;
    private static SigningSecret signing;

    /** What the benchmark runs, and the rule each of its statements must meet, in order. */
    enum Operation {
        POINT((mode, tenant) -> Workload.POINT.run(mode, tenant, new SplittableRandom(1)), Rule.KEY_LOOKUP),
        PAGE((mode, tenant) -> Workload.PAGE.run(mode, tenant, new SplittableRandom(2)), Rule.TENANT_RANGE),
        UPDATE((mode, tenant) -> Workload.UPDATE.run(mode, tenant, new SplittableRandom(3)), Rule.KEY_LOOKUP,
                Rule.KEY_LOOKUP),
        INSERT((mode, tenant) -> Workload.INSERT.run(mode, tenant, new SplittableRandom(4)), Rule.NO_SCAN),
        COUNT((mode, tenant) -> mode.inTransaction(tenant.id(), Tasks::count), Rule.TENANT_RANGE);

        private final BiConsumer<TenancyMode, Tenant> run;
        private final List<Rule> rules;

        Operation(BiConsumer<TenancyMode, Tenant> run, Rule... rules) {
            this.run = run;
            this.rules = List.of(rules);
        }
    }

    enum Rule { KEY_LOOKUP, TENANT_RANGE, NO_SCAN }

    @BeforeAll
    static void generateData() throws SQLException {
        signing = SigningSecret.random();
        try (Connection owner = db.ownerConnection()) {
            TaskSchema.create(owner, db.appRole(), SIZE, signing);
            tenants = TenantIds.load(owner);
        }
        // So the application role's new connections count their calls of plpgsql functions (a superuser setting).
        db.superuserExecute("ALTER ROLE " + db.appRole() + " SET track_functions = 'pl'");
    }

    static Stream<Arguments> modesAndTenants() {
        List<Arguments> arguments = new ArrayList<>();
        for (Mode mode : Mode.measured(false)) {
            arguments.add(Arguments.of(Named.of(mode.label(), mode), "large"));
            arguments.add(Arguments.of(Named.of(mode.label(), mode), "small"));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}, {1} tenant")
    @MethodSource("modesAndTenants")
    void everyStatementOfTheModeIsPlannedOnAnIndex(Mode mode, String tenantSize) throws SQLException {
        Tenant tenant = tenant(tenantSize);
        StatementRecorder recorder = new StatementRecorder(db.appPool(2));
        try (TenancyMode open = mode.open(recorder, signing);
             Connection app = db.appConnection()) {
            for (Operation operation : Operation.values()) {
                List<StatementRecorder.Executed> statements = taskStatements(recorder, open, operation, tenant);
                assertThat(statements).as("%s %s: statements on the task table", mode.label(), operation)
                        .hasSameSizeAs(operation.rules);
                for (int i = 0; i < statements.size(); i++) {
                    QueryPlan plan = QueryPlan.explain(app, tenant.id(), signingKey(mode), "FORMAT JSON",
                            statements.get(i));
                    System.out.println(mode.label() + ", " + tenantSize + " tenant, " + operation + ": "
                            + plan.sql() + "\n    " + plan.summary());
                    check(plan, operation.rules.get(i), mode);
                }
            }
        }
    }

    /**
     * The page and count queries of {@code rls-signed}, run under {@code EXPLAIN (ANALYZE, VERBOSE)} as the
     * application role with a tenant bound as the library binds it: {@code rls_tenancy.tenant} is one init plan,
     * executed once (loops=1) and called once, while the index condition on {@code tenant_id} that takes its value
     * returns the tenant's rows (all of the large tenant's, a tenth of the rows, for the count).
     */
    @ParameterizedTest(name = "{0} tenant")
    @ValueSource(strings = {"large", "small"})
    void theSignedPolicyCallsRlsTenancyTenantOncePerStatement(String tenantSize) throws SQLException {
        Tenant tenant = tenant(tenantSize);
        StatementRecorder recorder = new StatementRecorder(db.appPool(2));
        try (TenancyMode open = Mode.RLS_SIGNED.open(recorder, signing);
             Connection app = db.appConnection()) {
            for (Operation operation : List.of(Operation.PAGE, Operation.COUNT)) {
                List<StatementRecorder.Executed> statements = taskStatements(recorder, open, operation, tenant);
                assertThat(statements).hasSize(1);
                app.setAutoCommit(false);
                try {
                    QueryPlan.setTenant(app, tenant.id(), signing.key());
                    long before = tenantCalls(app);
                    String json = QueryPlan.explainText(app, "ANALYZE, VERBOSE, FORMAT JSON", statements.get(0));
                    long calls = tenantCalls(app) - before;
                    QueryPlan plan = new QueryPlan(statements.get(0).sql(), json, QueryPlan.nodes(app, json));
                    String text = QueryPlan.explainText(app, "ANALYZE, VERBOSE, BUFFERS", statements.get(0));
                    System.out.println("rls-signed, " + tenantSize + " tenant, " + operation + ", EXPLAIN (ANALYZE,"
                            + " VERBOSE, BUFFERS) " + plan.sql() + "\n" + text + "\n    rls_tenancy.tenant calls: "
                            + calls);
                    assertThat(calls).as("calls of rls_tenancy.tenant by one %s statement\n%s", operation, text)
                            .isEqualTo(1);
                    assertThat(plan.nodes()).as(plan.describe()).anyMatch(node -> node.isInitPlan()
                            && node.output() != null && node.output().contains("rls_tenancy.tenant(")
                            && Double.valueOf(1).equals(node.actualLoops()));
                    long stored = db.superuserLong("select count(*) from " + TaskSchema.SIGNED_TABLE
                            + " where tenant_id = '" + tenant.id() + "'");
                    long expectedRows = operation == Operation.COUNT ? stored : Math.min(Workload.PAGE_SIZE, stored);
                    assertThat(plan.nodes()).as(plan.describe()).anyMatch(node -> node.isIndexScan()
                            && node.indexCond() != null && node.indexCond().contains("tenant_id")
                            && Double.valueOf(1).equals(node.actualLoops())
                            && Double.valueOf(expectedRows).equals(node.actualRows()));
                } finally {
                    app.rollback();
                    app.setAutoCommit(true);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} tenant")
    @ValueSource(strings = {"large", "small"})
    void theHarnessIdLookupUsesTheTenantIndex(String tenantSize) throws Exception {
        Tenant tenant = tenant(tenantSize);
        Method setObject = PreparedStatement.class.getMethod("setObject", int.class, Object.class);
        StatementRecorder.Executed lookup = new StatementRecorder.Executed(TenantIds.ID_LOOKUP_SQL,
                List.of(new StatementRecorder.Bind(setObject, new Object[] {1, tenant.id()})));
        try (Connection owner = db.ownerConnection()) {
            QueryPlan plan = QueryPlan.explain(owner, null, lookup);
            System.out.println("id lookup, " + tenantSize + " tenant: " + plan.sql() + "\n    " + plan.summary());
            assertNoSeqScan(plan);
            assertTenantRange(plan);
        }
    }

    private static void check(QueryPlan plan, Rule rule, Mode mode) {
        assertNoSeqScan(plan);
        switch (rule) {
            case TENANT_RANGE -> assertTenantRange(plan);
            case KEY_LOOKUP -> assertKeyLookup(plan, onRlsTable(mode) || plan.sql().startsWith("select"));
            case NO_SCAN -> assertThat(plan.nodes()).as(plan.describe())
                    .noneMatch(node -> node.type().endsWith("Scan"));
        }
    }

    private static void assertNoSeqScan(QueryPlan plan) {
        assertThat(plan.nodes()).as(plan.describe()).isNotEmpty()
                .noneMatch(node -> node.type().contains("Seq Scan"));
    }

    private static void assertTenantRange(QueryPlan plan) {
        assertThat(plan.nodes()).as(plan.describe())
                .anyMatch(node -> node.isIndexScan() && node.indexCond() != null
                        && node.indexCond().contains("tenant_id"));
    }

    private static void assertKeyLookup(QueryPlan plan, boolean tenantChecked) {
        assertThat(plan.nodes()).as(plan.describe()).anyMatch(node -> node.isIndexScan()
                && node.index() != null && node.index().endsWith("_pkey")
                && node.indexCond() != null && KEY_CONDITION.matcher(node.indexCond()).find()
                && (!tenantChecked || node.checks("tenant_id")));
    }

    private static boolean onRlsTable(Mode mode) {
        return mode == Mode.RLS || mode == Mode.RLS_SEPARATE || mode == Mode.RLS_SIGNED;
    }

    /** The key to bind the tenant with when explaining: the signed mode's, or none for the plain setting. */
    private static TenantSigningKey signingKey(Mode mode) {
        return mode == Mode.RLS_SIGNED ? signing.key() : null;
    }

    /** Runs {@code operation} once through {@code open} and returns the statements it sent on a task table. */
    private static List<StatementRecorder.Executed> taskStatements(StatementRecorder recorder, TenancyMode open,
            Operation operation, Tenant tenant) {
        recorder.clear();
        operation.run.accept(open, tenant);
        return recorder.executed().stream().filter(statement -> TASK_TABLE.matcher(statement.sql()).find())
                .toList();
    }

    private static long tenantCalls(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TENANT_CALLS);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Tenant tenant(String size) {
        return size.equals("large") ? tenants.large() : tenants.small().get(tenants.small().size() / 2);
    }
}
