package org.rlstenancy.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.rlstenancy.benchmarks.mode.Mode;

/** Every slice measured, by workload, concurrency and mode, and their medians over the rounds. */
final class Results {
    /** One cell of the results table. */
    record Key(Workload workload, int concurrency, Mode mode) {
    }

    /** A cell's rounds and their medians. */
    record Summary(Key key, List<SliceResult> rounds, double throughput, double p50Millis, double p99Millis,
            double clientCpuMicros) {
    }

    private final Map<Key, List<SliceResult>> slices = new LinkedHashMap<>();

    void add(Workload workload, int concurrency, Mode mode, SliceResult result) {
        slices.computeIfAbsent(new Key(workload, concurrency, mode), key -> new ArrayList<>()).add(result);
    }

    /** The cells in the order they were first measured. */
    List<Summary> summaries() {
        List<Summary> summaries = new ArrayList<>();
        slices.forEach((key, rounds) -> summaries.add(new Summary(key, List.copyOf(rounds),
                median(rounds, SliceResult::throughput), median(rounds, SliceResult::p50Millis),
                median(rounds, SliceResult::p99Millis), median(rounds, SliceResult::clientCpuMicros))));
        return summaries;
    }

    /** Comparisons reported besides each mode's with {@link Mode#MANUAL}: {@code mode} over {@code base}. */
    record Comparison(Mode mode, Mode base) {
    }

    /**
     * The signed mode against the plain {@code rls} mode, which it differs from only in how the tenant is made; and
     * {@code rls} against Hibernate 8's own RLS, when that is measured.
     */
    static final List<Comparison> ALSO_COMPARED = List.of(new Comparison(Mode.RLS_SIGNED, Mode.RLS),
            new Comparison(Mode.RLS, Mode.H8_RLS));

    /**
     * How {@code mode}'s throughput compares with {@link Mode#MANUAL}'s, same workload and threads: the median over
     * rounds of the ratio within each round. Pairing by round cancels what changes between rounds, such as other
     * load on the machine, since the modes of a round run back to back.
     */
    Optional<Double> ratioToManual(Workload workload, int concurrency, Mode mode) {
        return ratio(workload, concurrency, mode, Mode.MANUAL);
    }

    /** As {@link #ratioToManual}, over {@code base}'s throughput instead of the manual mode's. */
    Optional<Double> ratio(Workload workload, int concurrency, Mode mode, Mode base) {
        List<Double> ratios = roundRatios(workload, concurrency, mode, base);
        return ratios.isEmpty() ? Optional.empty() : Optional.of(median(ratios));
    }

    /** The throughput ratio of {@code mode} to {@link Mode#MANUAL} in each round, in round order. */
    List<Double> roundRatiosToManual(Workload workload, int concurrency, Mode mode) {
        return roundRatios(workload, concurrency, mode, Mode.MANUAL);
    }

    /** The throughput ratio of {@code mode} to {@code base} in each round, in round order. */
    List<Double> roundRatios(Workload workload, int concurrency, Mode mode, Mode base) {
        List<SliceResult> measured = slices.getOrDefault(new Key(workload, concurrency, mode), List.of());
        List<SliceResult> baseline = slices.getOrDefault(new Key(workload, concurrency, base), List.of());
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(measured.size(), baseline.size()); round++) {
            ratios.add(measured.get(round).throughput() / baseline.get(round).throughput());
        }
        return ratios;
    }

    static double median(List<SliceResult> rounds, ToDoubleFunction<SliceResult> value) {
        return median(rounds.stream().map(value::applyAsDouble).toList());
    }

    static double median(List<Double> list) {
        double[] values = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
