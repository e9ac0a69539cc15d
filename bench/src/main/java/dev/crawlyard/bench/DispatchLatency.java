package dev.crawlyard.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1: from the run request sent over HTTP to the spider's process started, one task at a
 * time, beside the ceiling of starting the same command directly as a process. Both ends are read
 * from this machine's clock: the send here, the start on the task row.
 */
final class DispatchLatency implements Scenario {

    private final int tasks;

    DispatchLatency(int tasks) {
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return "dispatch latency";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        long spider = platform.spider("true", Map.of());
        for (int i = 0; i < 10; i++) {
            platform.awaitEnd(platform.run(spider), Duration.ofMinutes(1));
        }
        List<Double> accepted = new ArrayList<>();
        List<Double> finished = new ArrayList<>();
        DispatchPhases phases = new DispatchPhases(platform.temporal());
        List<Runnable> afterwards = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Instant sent = Instant.now();
            long task = platform.run(spider);
            platform.awaitEnd(task, Duration.ofMinutes(1));
            Map<String, Object> row = platform.jdbc().queryForMap("""
                    SELECT extract(epoch FROM started_at) * 1000000 AS started,
                           extract(epoch FROM finished_at) * 1000000 AS finished, run_key
                    FROM tasks WHERE id = ?""", task);
            double sentMicros = sent.getEpochSecond() * 1e6 + sent.getNano() / 1e3;
            double startedMicros = ((Number) row.get("started")).doubleValue();
            String runKey = (String) row.get("run_key");
            // Read after the last task, so that reading the histories does not run between the measured ones.
            afterwards.add(() -> phases.add(runKey, task, sentMicros, startedMicros));
            accepted.add((startedMicros - sentMicros) / 1000);
            finished.add((((Number) row.get("finished")).doubleValue() - sentMicros) / 1000);
        }
        afterwards.forEach(Runnable::run);
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder("/bin/sh", "-c", "true").start();
            direct.add((System.nanoTime() - start) / 1e6);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Stats ours = Stats.of(accepted);
        Stats ceiling = Stats.of(direct);
        Stats whole = Stats.of(finished);
        String note = tasks + " tasks of `true`, one at a time; from the run request sent over HTTP to the"
                + " process spawned (the task row's started time); " + phases.summary(Math.max(1, tasks / 50));
        return List.of(
                new Figure(name(), "p50 ms", ours.p50(), ceiling.p50(), "<= 50 ms", note),
                new Figure(name(), "p95 ms", ours.p95(), ceiling.p95(), "", note),
                new Figure(name(), "p99 ms", ours.p99(), ceiling.p99(), "<= 100 ms", note),
                new Figure("run request to finished", "p50 ms", whole.p50(), Double.NaN, "",
                        "the same tasks, from the request sent to finished written on the row"));
    }
}
