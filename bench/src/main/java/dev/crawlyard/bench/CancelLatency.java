package dev.crawlyard.bench;

import dev.crawlyard.activities.processes.ProcessTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 6: from a cancel request to the spider's process gone, for a spider that exits on the
 * cancel message (the graceful path; one that ignores it waits out the node's notice period),
 * beside sending SIGTERM to the same kind of process directly.
 */
final class CancelLatency implements Scenario {

    private static final String SLEEPER = "import os, sys\nprint(os.getpid(), flush=True)\n"
            + "for line in sys.stdin:\n    if '\"cancel\"' in line:\n        break\n";

    private final int runs;

    CancelLatency(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        long spider = platform.spider("python3 sleeper.py", Map.of("sleeper.py", SLEEPER));
        List<Double> ours = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long task = platform.run(spider);
            long pid = awaitPid(platform, task);
            long start = System.nanoTime();
            platform.cancel(task);
            while (ProcessTable.isRunning(pid)) {
                Thread.sleep(2);
            }
            ours.add((System.nanoTime() - start) / 1e6);
            platform.awaitEnd(task, Duration.ofMinutes(1));
        }
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Process process = new ProcessBuilder("python3", "-c", SLEEPER).start();
            process.getInputStream().read();
            long start = System.nanoTime();
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            direct.add((System.nanoTime() - start) / 1e6);
        }
        Stats stats = Stats.of(ours);
        Stats ceiling = Stats.of(direct);
        String note = runs + " python spiders that exit on the cancel message; cancel request to pid gone;"
                + " ceiling: SIGTERM sent directly";
        return List.of(new Figure(name(), "p50 ms", stats.p50(), ceiling.p50(), "", note),
                new Figure(name(), "max ms", stats.max(), ceiling.max(), "", note));
    }

    private static long awaitPid(Platform platform, long task) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode lines = platform.get("/api/tasks/" + task + "/logs").get("lines");
            if (!lines.isEmpty()) {
                return Long.parseLong(lines.get(0).get("line").asString().trim());
            }
            Platform.sleep(5);
        }
        throw new IllegalStateException("task " + task + " never printed its pid");
    }
}
