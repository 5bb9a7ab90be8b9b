package org.rlstenancy.core.spi;

import java.sql.Connection;
import java.sql.SQLException;

/** Gives a raw connection back to where it came from (a pool, a Hibernate {@code ConnectionProvider}). */
@FunctionalInterface
public interface ConnectionReleaser {
    /**
     * Gives {@code raw} back.
     *
     * @param raw the connection as it was borrowed, unwrapped, its transaction already ended
     * @throws SQLException if giving it back fails
     */
    void release(Connection raw) throws SQLException;
}
