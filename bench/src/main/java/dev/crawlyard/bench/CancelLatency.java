package dev.crawlyard.bench;

import dev.crawlyard.activities.processes.ProcessTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 6: from a cancel request to the spider's process gone and to the task showing
 * {@code cancelled}, for a spider that exits on the cancel message (the graceful path), beside
 * sending SIGTERM to the same kind of process directly; and the grace path, a spider that ignores
 * the cancel message and SIGTERM until it is killed.
 */
final class CancelLatency implements Scenario {

    private static final String SLEEPER = "import os, sys\nprint(os.getpid(), flush=True)\n"
            + "for line in sys.stdin:\n    if '\"cancel\"' in line:\n        break\n";
    private static final String STUBBORN = "import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            + "print(os.getpid(), flush=True)\ntime.sleep(600)\n";

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
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long task = platform.run(spider);
            long pid = awaitPid(platform, task);
            long start = System.nanoTime();
            platform.cancel(task);
            while (ProcessTable.isRunning(pid)) {
                Thread.sleep(2);
            }
            ours.add((System.nanoTime() - start) / 1e6);
            shown.add(awaitCancelled(platform, task, start));
        }
        long stubborn = platform.spider("python3 stubborn.py", Map.of("stubborn.py", STUBBORN));
        List<Double> forced = new ArrayList<>();
        for (int i = 0; i < Math.max(1, runs / 3); i++) {
            long task = platform.run(stubborn);
            awaitPid(platform, task);
            long start = System.nanoTime();
            platform.cancel(task);
            forced.add(awaitCancelled(platform, task, start));
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
        Stats cancelled = Stats.of(shown);
        Stats grace = Stats.of(forced);
        String note = runs + " python spiders that exit on the cancel message; cancel request to pid gone;"
                + " ceiling: SIGTERM sent directly";
        return List.of(new Figure(name(), "p50 ms", stats.p50(), ceiling.p50(), "", note),
                new Figure(name(), "max ms", stats.max(), ceiling.max(), "", note),
                new Figure("cancel to cancelled", "p50 ms", cancelled.p50(), ceiling.p50(), "",
                        "the same spiders; cancel request to the task showing cancelled through the API"),
                new Figure("cancel, grace path", "p50 ms", grace.p50(), Double.NaN, "",
                        forced.size() + " spiders ignoring the cancel message and SIGTERM: cancel request to"
                                + " cancelled (the notice period and the 2 s grace period, then SIGKILL)"));
    }

    /** Milliseconds from {@code start} until the task shows cancelled through the API. */
    private static double awaitCancelled(Platform platform, long task, long start) {
        long deadline = start + Duration.ofMinutes(1).toNanos();
        while (!platform.get("/api/tasks/" + task).get("status").asString().equals("cancelled")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + task + " was not cancelled within a minute");
            }
            Platform.sleep(5);
        }
        return (System.nanoTime() - start) / 1e6;
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
