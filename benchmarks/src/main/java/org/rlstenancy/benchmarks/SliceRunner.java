package org.rlstenancy.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.rlstenancy.benchmarks.data.TenantIds;
import org.rlstenancy.benchmarks.data.TenantIds.Tenant;
import org.rlstenancy.benchmarks.mode.TenancyMode;

/**
 * Runs one slice: {@code concurrency} threads, each running transactions of one workload back to back until the
 * slice's time is up, tenants picked at random per transaction. The threads are created once and reused.
 */
final class SliceRunner implements AutoCloseable {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final ExecutorService threads;
    private final TenantIds tenants;

    SliceRunner(int maxConcurrency, TenantIds tenants) {
        this.threads = Executors.newFixedThreadPool(maxConcurrency, runnable -> {
            Thread thread = new Thread(runnable, "benchmark-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.tenants = tenants;
        if (CPU.isCurrentThreadCpuTimeSupported() && !CPU.isThreadCpuTimeEnabled()) {
            CPU.setThreadCpuTimeEnabled(true);
        }
    }

    /**
     * Runs {@code workload} in {@code mode} for {@code seconds}. Thread {@code i} draws its tenants and ids from a
     * generator seeded with {@code seed + i}, so modes given the same seed get the same requests.
     *
     * @throws IllegalStateException if a transaction fails; the run stops there
     */
    SliceResult run(TenancyMode mode, Workload workload, int concurrency, double seconds, long seed) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Future<LatencyRecorder>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            workers.add(threads.submit(() -> loop(mode, workload, random, deadline)));
        }
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (Future<LatencyRecorder> worker : workers) {
            recorders.add(await(worker, mode, workload));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = LatencyRecorder.sorted(recorders);
        return new SliceResult(sorted.length, elapsed, sorted.length / elapsed,
                LatencyRecorder.percentileMillis(sorted, 0.50), LatencyRecorder.percentileMillis(sorted, 0.99),
                LatencyRecorder.cpuMicrosPerTransaction(recorders));
    }

    private LatencyRecorder loop(TenancyMode mode, Workload workload, SplittableRandom random, long deadline) {
        LatencyRecorder recorder = new LatencyRecorder();
        long cpuStart = threadCpuNanos();
        long now = System.nanoTime();
        while (now < deadline) {
            Tenant tenant = tenants.pick(random);
            workload.run(mode, tenant, random);
            long end = System.nanoTime();
            recorder.add(end - now);
            now = end;
        }
        long cpuEnd = threadCpuNanos();
        recorder.cpuNanos(cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart);
        return recorder;
    }

    /** This thread's CPU time so far, or -1 where the JVM does not measure it. */
    private static long threadCpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : -1;
    }

    private static LatencyRecorder await(Future<LatencyRecorder> worker, TenancyMode mode, Workload workload) {
        try {
            return worker.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(workload.label() + " in " + mode.mode().label() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
