package org.rlstenancy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.rlstenancy.benchmarks.link.LatencyProxy;
import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.benchmarks.mode.TenancyMode;

/**
 * With a link: how many times per transaction each mode's client sent to the server, counted by the proxy over one
 * short slice per mode and workload at one thread. A client that waits for each answer before it sends again sends
 * once per round trip, so this is the round trips each mode pays the link's latency for.
 */
final class LinkRoundTrips {
    private static final double SECONDS = 0.3;

    private LinkRoundTrips() {
    }

    /**
     * One line per workload: {@code link round trips per transaction, point: manual 2.00, rls 2.00, ...}, with
     * {@code h8-rls} last unless {@code h8} is null.
     */
    static List<String> measure(SliceRunner runner, List<TenancyMode> modes, H8Worker h8, List<Workload> workloads,
            LatencyProxy link) {
        return workloads.stream().map(workload -> {
            List<String> counts = new ArrayList<>();
            for (TenancyMode mode : modes) {
                counts.add(count(mode.mode().label(), link, () -> runner.run(mode, workload, 1, SECONDS, 42)));
            }
            if (h8 != null) {
                counts.add(count(Mode.H8_RLS.label(), link, () -> h8.run(workload, 1, SECONDS, 42)));
            }
            return "link round trips per transaction, " + workload.label() + ": " + String.join(", ", counts);
        }).toList();
    }

    private static String count(String label, LatencyProxy link, Supplier<SliceResult> slice) {
        long before = link.stats().chunksToTarget();
        long transactions = slice.get().transactions();
        long sent = link.stats().chunksToTarget() - before;
        return String.format(Locale.ROOT, "%s %.2f", label, (double) sent / transactions);
    }
}
