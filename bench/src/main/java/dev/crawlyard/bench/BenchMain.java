package dev.crawlyard.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every scenario against a standalone platform started in this JVM and reports each figure
 * beside its ceiling. {@code --quick} runs fewer iterations, once each (for a smoke run);
 * {@code --runs=N} runs each scenario N times and reports medians with every run's value (default 3);
 * {@code --only=NAME} runs the scenarios whose name starts with NAME (or with any of several,
 * comma-separated, in the full run's order); {@code --out=DIR} says where the
 * JSON goes (default bench/results). The chaos scenario starts processes of its own, runs once, and
 * only when asked for ({@code --only=chaos}): it takes a quarter of an hour or more. So does the
 * metrics scenario ({@code --only=metrics}), which starts platforms of its own and runs its rounds itself.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // The commit and machine as the run begins: the sources may move on while it runs.
        Map<String, Object> machine = machine();
        boolean quick = List.of(args).contains("--quick");
        Path out = Path.of(List.of(args).stream().filter(a -> a.startsWith("--out=")).map(a -> a.substring(6))
                .findFirst().orElse("bench/results"));
        int runs = List.of(args).stream().filter(a -> a.startsWith("--runs=")).map(a -> Integer.parseInt(a.substring(7)))
                .findFirst().orElse(quick ? 1 : 3);
        // The cluster scenario first: it measures the idle nodes' database load before any task ran.
        List<Scenario> scenarios = List.of(
                new ClusterScenario(quick ? 30 : 300, quick ? 1 : 5),
                new DispatchLatency(quick ? 20 : 200),
                new Throughput(quick ? 20 : 200),
                new ItemIngestion(quick ? 20_000 : 200_000),
                new LogIngestion(quick ? 20_000 : 200_000),
                new CancelLatency(quick ? 3 : 10),
                new FileSync(quick ? 100 : 1000),
                new MemoryScenario(quick ? 10 : 50),
                new CrawlerBench(quick ? 20 : 100),
                new CrawlerRate(quick ? 1 : 3),
                new CollectorsBench(quick ? 20_000 : 200_000, quick ? 10_000 : 100_000),
                new ChaosScenario(quick ? 60 : 1000, quick ? 3 : 20, Duration.ofSeconds(quick ? 10 : 20),
                        Duration.ofMillis(quick ? 200 : 400)),
                new LogStreamDelay(quick ? 50 : 200),
                new WebhookLatency(quick ? 20 : 100),
                new MetricsOverhead(quick ? 40 : 200, quick ? 1 : 3),
                new ContainerDispatch(quick ? 3 : 10),
                // Last: it leaves a million tasks behind.
                new StatisticsLatency(quick ? 100_000 : 1_000_000, 10, quick ? 20 : 100));

        String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7))
                .findFirst().orElse(null);
        if (only != null) {
            // Several names, comma-separated, run in the full run's order on one platform.
            List<String> names = List.of(only.split(","));
            scenarios = scenarios.stream().filter(s -> names.stream().anyMatch(s.name()::startsWith)).toList();
        } else {
            // The full run leaves out what starts platforms of its own (chaos is a quarter of an hour alone).
            scenarios = scenarios.stream().filter(Scenario::needsPlatform).toList();
        }
        Path home = Files.createTempDirectory("crawlyard-bench-");
        List<Figure> figures = new ArrayList<>();
        boolean shared = scenarios.stream().anyMatch(Scenario::needsPlatform);
        try (Platform platform = shared ? Platform.start(home) : null) {
            for (Scenario scenario : scenarios) {
                List<List<Figure>> results = new ArrayList<>();
                int times = scenario.needsPlatform() ? runs : 1;
                for (int run = 1; run <= times; run++) {
                    System.out.println("running: " + scenario.name() + " (" + run + " of " + times + ")");
                    try {
                        results.add(scenario.run(platform));
                    } catch (Exception e) {
                        results.add(List.of(new Figure(scenario.name(), "-", Double.NaN, Double.NaN, "",
                                "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
                    }
                }
                figures.addAll(Repeated.fold(results));
            }
        }

        Report report = new Report(machine, figures);
        System.out.println();
        System.out.print(report.table());
        System.out.println("written to " + report.write(out));
        System.exit(0);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("timestamp", Instant.now().toString());
        machine.put("commit", commit());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        machine.put("memoryBytes", os.getTotalMemorySize());
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? head : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
