package org.rlstenancy.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The plan PostgreSQL chooses for a recorded statement: {@code EXPLAIN (FORMAT JSON)} with the recorded parameter
 * values, run in a transaction that sets the tenant first and is rolled back; the plan's nodes are read back out of
 * the JSON with PostgreSQL's own jsonpath.
 */
record QueryPlan(String sql, String json, List<QueryPlan.Node> nodes) {
    private static final String SET_TENANT = "select set_config('app.tenant_id', ?, true)";

    /** The scans that read through an index. */
    static final Set<String> INDEX_SCANS = Set.of("Index Scan", "Index Only Scan", "Bitmap Index Scan");

    private static final String NODES = "select n ->> 'Node Type', n ->> 'Relation Name', n ->> 'Index Name',"
            + " n ->> 'Index Cond', n ->> 'Filter'"
            + " from jsonb_path_query(cast(? as jsonb), 'strict $.** ? (exists (@.\"Node Type\"))') n";

    /** One plan node; fields it does not have are null. */
    record Node(String type, String relation, String index, String indexCond, String filter) {
        boolean isIndexScan() {
            return INDEX_SCANS.contains(type);
        }

        /** Whether the index condition or the filter mentions {@code column}. */
        boolean checks(String column) {
            return indexCond != null && indexCond.contains(column) || filter != null && filter.contains(column);
        }
    }

    /**
     * Explains {@code statement} on {@code connection}, with {@code tenant} set as {@code app.tenant_id} unless
     * null.
     */
    static QueryPlan explain(Connection connection, UUID tenant, StatementRecorder.Executed statement)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (tenant != null) {
                try (PreparedStatement set = connection.prepareStatement(SET_TENANT)) {
                    set.setString(1, tenant.toString());
                    set.execute();
                }
            }
            String json;
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + statement.sql())) {
                statement.bindTo(explain);
                try (ResultSet rs = explain.executeQuery()) {
                    rs.next();
                    json = rs.getString(1);
                }
            }
            return new QueryPlan(statement.sql(), json, nodes(connection, json));
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static List<Node> nodes(Connection connection, String json) throws SQLException {
        List<Node> nodes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(NODES)) {
            statement.setString(1, json);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
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
