package org.rlstenancy.benchmarks;

import java.util.List;
import java.util.Locale;

import org.rlstenancy.benchmarks.link.LatencyProxy;
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

    /** One line per workload: {@code link round trips per transaction, point: manual 2.00, rls 2.00, ...}. */
    static List<String> measure(SliceRunner runner, List<TenancyMode> modes, List<Workload> workloads,
            LatencyProxy link) {
        return workloads.stream().map(workload -> {
            StringBuilder line = new StringBuilder("link round trips per transaction, " + workload.label() + ":");
            String separator = " ";
            for (TenancyMode mode : modes) {
                long before = link.stats().chunksToTarget();
                SliceResult slice = runner.run(mode, workload, 1, SECONDS, 42);
                long sent = link.stats().chunksToTarget() - before;
                line.append(separator).append(String.format(Locale.ROOT, "%s %.2f", mode.mode().label(),
                        (double) sent / slice.transactions()));
                separator = ", ";
            }
            return line.toString();
        }).toList();
    }
}
