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

/**
 * Runs one slice of any transaction: {@code concurrency} threads, each running it back to back until the slice's
 * time is up, tenants picked at random per transaction. The threads are created once and reused. Plain Java, no
 * Hibernate: {@link SliceRunner} runs the modes of this JVM with it, and the Hibernate 8 worker
 * ({@code benchmarks-h8}), which compiles this source too, its own.
 */
public final class SliceLoop implements AutoCloseable {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** One transaction for {@code tenant}, drawing what else it needs from {@code random}. */
    public interface Transaction {
        void run(Tenant tenant, SplittableRandom random);
    }

    private final ExecutorService threads;
    private final TenantIds tenants;

    public SliceLoop(int maxConcurrency, TenantIds tenants) {
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
     * Runs {@code transaction} for {@code seconds}. Thread {@code i} draws its tenants and ids from a generator
     * seeded with {@code seed + i}, so slices given the same seed get the same requests.
     *
     * @throws IllegalStateException if a transaction fails, saying {@code what} failed; the run stops there
     */
    public SliceResult run(String what, Transaction transaction, int concurrency, double seconds, long seed) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Future<LatencyRecorder>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            workers.add(threads.submit(() -> loop(transaction, random, deadline)));
        }
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (Future<LatencyRecorder> worker : workers) {
            recorders.add(await(worker, what));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = LatencyRecorder.sorted(recorders);
        return new SliceResult(sorted.length, elapsed, sorted.length / elapsed,
                LatencyRecorder.percentileMillis(sorted, 0.50), LatencyRecorder.percentileMillis(sorted, 0.99),
                LatencyRecorder.cpuMicrosPerTransaction(recorders));
    }

    private LatencyRecorder loop(Transaction transaction, SplittableRandom random, long deadline) {
        LatencyRecorder recorder = new LatencyRecorder();
        long cpuStart = threadCpuNanos();
        long now = System.nanoTime();
        while (now < deadline) {
            transaction.run(tenants.pick(random), random);
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

    private static LatencyRecorder await(Future<LatencyRecorder> worker, String what) {
        try {
            return worker.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
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
