package org.rlstenancy.core;

import java.sql.SQLException;

/**
 * The database refused to insert or update a row outside the current tenant
 * ({@code new row violates row-level security policy}). Nothing was written. The driver's exception is the
 * cause, and its SQLSTATE ({@code 42501}) and vendor code are kept.
 */
public class CrossTenantWriteException extends SQLException {
    private static final long serialVersionUID = 1L;

    public CrossTenantWriteException(SQLException cause) {
        super("Cross-tenant write rejected by row-level security: " + cause.getMessage(),
                cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /** True for the error PostgreSQL raises when a written row fails a row-level security policy. */
    public static boolean isRowLevelSecurityViolation(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            String message = current.getMessage();
            if ("42501".equals(current.getSQLState()) && message != null && message.contains("violates row-level security policy")) {
                return true;
            }
            if (current.getNextException() == current) {
                break;
            }
        }
        return false;
    }
}
