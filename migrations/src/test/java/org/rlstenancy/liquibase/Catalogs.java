package org.rlstenancy.liquibase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.rlstenancy.core.testsupport.TestDatabase;

/** Catalog queries for assertions, run as the superuser so they see everything. */
final class Catalogs {
    private Catalogs() {
    }

    /** Every row of {@code sql} as text columns joined by {@code |}. */
    static List<String> rows(TestDatabase db, String sql, Object... parameters) throws SQLException {
        try (Connection connection = db.superuserConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c == 1 ? "" : "|").append(rs.getString(c));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }

    /** The single value of {@code sql}, or null when it returns no row. */
    static String value(TestDatabase db, String sql, Object... parameters) throws SQLException {
        List<String> rows = rows(db, sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
