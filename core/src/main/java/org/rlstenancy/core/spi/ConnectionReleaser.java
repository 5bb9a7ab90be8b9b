package org.rlstenancy.core.spi;

import java.sql.Connection;
import java.sql.SQLException;

/** Gives a raw connection back to where it came from (a pool, a Hibernate {@code ConnectionProvider}). */
@FunctionalInterface
public interface ConnectionReleaser {
    void release(Connection raw) throws SQLException;
}
