package dev.crawlyard.collectors.crawler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one attempt fetched, for its closing log line (the task's own stats come from the frontier). */
final class AttemptStats {

    private final Map<String, Long> byStatus = new TreeMap<>();
    private final List<Long> millis = new ArrayList<>();
    private long bytes;
    private long retries;
    private long items;
    private long exchanges;
    private long exchangeNanos;

    /** One exchange with the frontier took {@code nanos}. */
    synchronized void exchanged(long nanos) {
        exchanges++;
        exchangeNanos += nanos;
    }

    synchronized void record(Frontier.PageResult page) {
        String key = page.status() > 0 ? page.status() / 100 + "xx" : page.outcome();
        byStatus.merge(key, 1L, Long::sum);
        bytes += page.bytes();
        retries += page.retries();
        if (page.itemUrl() != null) {
            items++;
        }
        if (page.status() > 0) {
            millis.add(page.millis());
        }
    }

    synchronized Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pages", byStatus);
        summary.put("bytes", bytes);
        summary.put("items", items);
        summary.put("retries", retries);
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        summary.put("meanFetchMillis", sorted.isEmpty() ? 0 : Math.round(sorted.stream().mapToLong(m -> m).average()
                .orElse(0)));
        summary.put("p95FetchMillis", sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1));
        summary.put("exchanges", exchanges);
        summary.put("meanExchangeMillis", exchanges == 0 ? 0 : Math.round(exchangeNanos / 1e5 / exchanges) / 10.0);
        summary.put("peakRssKb", peakRssKb());
        return summary;
    }

    /** The process's peak resident memory (Linux's VmHWM), or -1 where /proc does not tell. */
    static long peakRssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux.
        }
        return -1;
    }
}
