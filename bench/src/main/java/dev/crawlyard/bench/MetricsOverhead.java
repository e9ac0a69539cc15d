package dev.crawlyard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What metrics cost short-task throughput: the throughput scenario's tasks on a fresh standalone
 * platform with every meter on (the default), beside the same on one started with
 * {@code management.metrics.enable.all=false} (every meter, Crawlyard's and the Temporal SDK's, a
 * no-op), alternating which goes first, several rounds; medians of each side.
 */
final class MetricsOverhead implements Scenario {

    private static final String OFF = "--management.metrics.enable.all=false";

    private final int tasks;
    private final int rounds;

    MetricsOverhead(int tasks, int rounds) {
        this.tasks = tasks;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public boolean needsPlatform() {
        return false;
    }

    @Override
    public List<Figure> run(Platform ignored) throws Exception {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean onFirst = round % 2 == 0;
            for (boolean metrics : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                (metrics ? on : off).add(measure(metrics));
            }
        }
        String note = String.format(Locale.ROOT, "%d tasks of `true` by 4 clients (after a warm-up round) on a fresh"
                        + " standalone platform, %d rounds alternating which side goes first; with metrics (the"
                        + " default): %s tasks/s; ceiling: every meter off (%s): %s tasks/s",
                tasks, rounds, runs(on), OFF.substring(2), runs(off));
        return List.of(new Figure(name(), "with metrics, tasks/s", Repeated.median(on), Repeated.median(off),
                "overhead small", note));
    }

    private double measure(boolean metrics) throws Exception {
        Path home = Files.createTempDirectory("crawlyard-bench-metrics-");
        try (Platform platform = metrics ? Platform.start(home) : Platform.start(home, OFF)) {
            long spider = platform.spider("true", Map.of());
            Throughput throughput = new Throughput(tasks);
            throughput.tasksPerSecond(platform, spider, Math.max(10, tasks / 5));
            double rate = throughput.tasksPerSecond(platform, spider, tasks);
            // The setting must have done what it says, or the comparison means nothing.
            boolean counted = platform.getText("/api/metrics").contains("crawlyard_tasks_started");
            if (counted != metrics) {
                throw new IllegalStateException("metrics " + (metrics ? "on" : "off") + " but the scrape "
                        + (counted ? "has" : "lacks") + " crawlyard_tasks_started");
            }
            return rate;
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String runs(List<Double> rates) {
        return String.join(" / ", rates.stream().map(rate -> String.format(Locale.ROOT, "%.1f", rate)).toList());
    }
}
