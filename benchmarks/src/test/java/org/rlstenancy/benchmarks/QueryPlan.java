package org.rlstenancy.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;

/**
 * The plan PostgreSQL chooses for a recorded statement: {@code EXPLAIN (FORMAT JSON)} with the recorded parameter
 * values, run in a transaction that sets the tenant first and is rolled back; the plan's nodes are read back out of
 * the JSON with PostgreSQL's own jsonpath. In the signed mode the tenant is set as the library sets it, through
 * {@code rls_tenancy.bind} with a token signed for this transaction.
 */
record QueryPlan(String sql, String json, List<QueryPlan.Node> nodes) {
    private static final String SETTING = "app.tenant_id";
    private static final String SET_TENANT = "select set_config('" + SETTING + "', ?, true)";

    /** The scans that read through an index. */
    static final Set<String> INDEX_SCANS = Set.of("Index Scan", "Index Only Scan", "Bitmap Index Scan");

    private static final String NODES = "select n ->> 'Node Type', n ->> 'Relation Name', n ->> 'Index Name',"
            + " n ->> 'Index Cond', n ->> 'Filter', n ->> 'Parent Relationship', n ->> 'Subplan Name',"
            + " n ->> 'Output', (n ->> 'Actual Loops')::float8, (n ->> 'Actual Rows')::float8"
            + " from jsonb_path_query(cast(? as jsonb), 'strict $.** ? (exists (@.\"Node Type\"))') n";

    /**
     * One plan node; fields it does not have are null. {@code output} (the VERBOSE output list, as JSON), the
     * actual loops and rows are there only when the plan was explained with them.
     */
    record Node(String type, String relation, String index, String indexCond, String filter, String parent,
            String subplan, String output, Double actualLoops, Double actualRows) {
        boolean isIndexScan() {
            return INDEX_SCANS.contains(type);
        }

        /** Whether the index condition or the filter mentions {@code column}. */
        boolean checks(String column) {
            return indexCond != null && indexCond.contains(column) || filter != null && filter.contains(column);
        }

        /** Whether this node is an init plan, run once before the plan it belongs to. */
        boolean isInitPlan() {
            return "InitPlan".equals(parent);
        }
    }

    /**
     * Explains {@code statement} on {@code connection}, with {@code tenant} set as {@code app.tenant_id} unless
     * null.
     */
    static QueryPlan explain(Connection connection, UUID tenant, StatementRecorder.Executed statement)
            throws SQLException {
        return explain(connection, tenant, null, "FORMAT JSON", statement);
    }

    /**
     * Explains {@code statement} on {@code connection} with {@code options} (such as {@code ANALYZE, VERBOSE,
     * FORMAT JSON}), {@code tenant} set as {@code app.tenant_id} unless null: in the signed mode, when
     * {@code signingKey} is not null, through {@code rls_tenancy.bind}. {@code ANALYZE} runs the statement, in the
     * transaction that is rolled back.
     */
    static QueryPlan explain(Connection connection, UUID tenant, TenantSigningKey signingKey, String options,
            StatementRecorder.Executed statement) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            setTenant(connection, tenant, signingKey);
            String json = explainText(connection, options, statement);
            return new QueryPlan(statement.sql(), json, options.contains("JSON") ? nodes(connection, json)
                    : List.of());
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Sets {@code tenant} (unless null) in the transaction {@code connection} is in, as the plain mode does, or as
     * the signed mode does when {@code signingKey} is not null.
     */
    static void setTenant(Connection connection, UUID tenant, TenantSigningKey signingKey) throws SQLException {
        if (tenant == null) {
            return;
        }
        String sql = signingKey == null ? SET_TENANT : TenantSigningSql.APPLY_SQL;
        try (PreparedStatement set = connection.prepareStatement(sql)) {
            if (signingKey == null) {
                set.setString(1, tenant.toString());
            } else {
                set.setString(1, SETTING);
                set.setString(2, signingKey.token(tenant.toString(), System.currentTimeMillis()));
            }
            set.execute();
        }
    }

    /** The output of {@code EXPLAIN (options)} of {@code statement}, its lines joined. */
    static String explainText(Connection connection, String options, StatementRecorder.Executed statement)
            throws SQLException {
        StringBuilder text = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (" + options + ") "
                + statement.sql())) {
            statement.bindTo(explain);
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    text.append(text.length() == 0 ? "" : "\n").append(rs.getString(1));
                }
            }
        }
        return text.toString();
    }

    /** The nodes of a plan in JSON, read with {@code connection}. */
    static List<Node> nodes(Connection connection, String json) throws SQLException {
        List<Node> nodes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(NODES)) {
            statement.setString(1, json);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            (Double) rs.getObject(9), (Double) rs.getObject(10)));
                }
            }
        }
        return nodes;
    }

    /** The nodes in one line, such as {@code Limit > Index Scan Backward ...}: for the test's output. */
    String summary() {
        StringBuilder line = new StringBuilder();
        for (Node node : nodes) {
            line.append(line.length() == 0 ? "" : " > ").append(node.type());
            if (node.index() != null) {
                line.append(" using ").append(node.index());
            }
            if (node.indexCond() != null) {
                line.append(" [Index Cond ").append(node.indexCond()).append(']');
            }
            if (node.filter() != null) {
                line.append(" [Filter ").append(node.filter()).append(']');
            }
        }
        return line.toString();
    }

    /** The SQL and the plan, for failure messages. */
    String describe() {
        return sql + "\n" + json;
    }
}
