package dev.crawlyard.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a set of measurements, in milliseconds. */
record Stats(int count, double p50, double p95, double p99, double max) {

    static Stats of(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Stats(sorted.size(), at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                sorted.isEmpty() ? Double.NaN : sorted.getLast());
    }

    private static double at(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
