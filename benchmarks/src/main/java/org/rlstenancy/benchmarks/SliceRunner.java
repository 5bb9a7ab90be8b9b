package org.rlstenancy.benchmarks;

import org.rlstenancy.benchmarks.data.TenantIds;
import org.rlstenancy.benchmarks.mode.TenancyMode;

/**
 * Runs one slice of a mode of this JVM: {@code concurrency} threads, each running transactions of one workload back
 * to back until the slice's time is up, tenants picked at random per transaction ({@link SliceLoop}).
 */
final class SliceRunner implements AutoCloseable {
    private final SliceLoop loop;

    SliceRunner(int maxConcurrency, TenantIds tenants) {
        this.loop = new SliceLoop(maxConcurrency, tenants);
    }

    /**
     * Runs {@code workload} in {@code mode} for {@code seconds}. Thread {@code i} draws its tenants and ids from a
     * generator seeded with {@code seed + i}, so modes given the same seed get the same requests.
     *
     * @throws IllegalStateException if a transaction fails; the run stops there
     */
    SliceResult run(TenancyMode mode, Workload workload, int concurrency, double seconds, long seed) {
        return loop.run(workload.label() + " in " + mode.mode().label(),
                (tenant, random) -> workload.run(mode, tenant, random), concurrency, seconds, seed);
    }

    @Override
    public void close() {
        loop.close();
    }
}
