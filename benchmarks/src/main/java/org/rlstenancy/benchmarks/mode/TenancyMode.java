package org.rlstenancy.benchmarks.mode;

import java.util.UUID;
import java.util.function.Function;

/** One way of isolating tenants, open for work. Thread-safe; closing it closes its SessionFactory. */
public interface TenancyMode extends AutoCloseable {

    /** Which mode this is. */
    Mode mode();

    /**
     * Runs {@code work} in one transaction of a new Session for {@code tenant}, commits it and closes the Session;
     * rolls back if {@code work} throws.
     */
    <T> T inTransaction(UUID tenant, Function<Tasks, T> work);

    @Override
    void close();
}
