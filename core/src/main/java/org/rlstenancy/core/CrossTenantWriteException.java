package org.rlstenancy.core;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database refused to insert or update a row outside the current tenant
 * ({@code new row violates row-level security policy}). Nothing was written. The driver's exception is the
 * cause, and its SQLSTATE ({@code 42501}) and vendor code are kept.
 */
public class CrossTenantWriteException extends SQLException {
    private static final long serialVersionUID = 1L;
    private static final String VIOLATION = "violates row-level security policy";
    private static final Pattern TABLE = Pattern.compile(VIOLATION + "[^\\n]*? for table \"([^\"\\n]*)\"");

    /** The table the violation names, or null; see {@link #table()}. */
    private final String table;

    /**
     * Wraps the driver's exception, keeping its SQLSTATE and vendor code.
     *
     * @param cause the driver's exception for the row-level security violation
     */
    public CrossTenantWriteException(SQLException cause) {
        super("Cross-tenant write rejected by row-level security: " + cause.getMessage(),
                cause.getSQLState(), cause.getErrorCode(), cause);
        this.table = tableOf(cause);
    }

    /** {@return the table PostgreSQL's message names ({@code … for table "task"}); empty where it names none} */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /**
     * Whether {@code e} is the error PostgreSQL raises when a written row fails a row-level security policy.
     *
     * @param e the exception a statement threw; its chain of next exceptions is searched too
     * @return true for SQLSTATE {@code 42501} with {@code violates row-level security policy} in the message
     */
    public static boolean isRowLevelSecurityViolation(SQLException e) {
        return violation(e) != null;
    }

    private static SQLException violation(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            String message = current.getMessage();
            if ("42501".equals(current.getSQLState()) && message != null && message.contains(VIOLATION)) {
                return current;
            }
            if (current.getNextException() == current) {
                break;
            }
        }
        return null;
    }

    private static String tableOf(SQLException cause) {
        SQLException violation = violation(cause);
        if (violation == null) {
            return null;
        }
        Matcher matcher = TABLE.matcher(violation.getMessage());
        return matcher.find() ? matcher.group(1) : null;
    }
}
