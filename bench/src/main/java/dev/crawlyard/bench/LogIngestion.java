package dev.crawlyard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 4: log lines per second into PostgreSQL, and tail latency: from a line printed to the
 * line visible through the logs API to a client following it.
 */
final class LogIngestion implements Scenario {

    private final int lines;
    private boolean warmedUp;

    LogIngestion(int lines) {
        this.lines = lines;
    }

    @Override
    public String name() {
        return "log ingestion";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        String bulk = """
                import sys
                write = sys.stdout.write
                for n in range(COUNT):
                    write("log line number %d of the bulk test, with some ordinary text after it\\n" % n)
                """.replace("COUNT", Integer.toString(lines));
        long spider = platform.spider("python3 bulk.py", Map.of("bulk.py", bulk));
        if (!warmedUp) {
            // Once, unmeasured, so that the runs time the pipeline compiled rather than the JIT compiling it.
            platform.awaitEndQuietly(platform.run(spider), Duration.ofMinutes(10));
            warmedUp = true;
        }
        JsonNode task = platform.awaitEndQuietly(platform.run(spider), Duration.ofMinutes(10));
        double seconds = platform.jdbc().queryForObject(
                "SELECT extract(epoch FROM finished_at - started_at) FROM tasks WHERE id = ?", Double.class,
                task.get("id").asLong());
        long stored = task.get("logLines").asLong();

        String ticker = """
                import time
                for n in range(60):
                    print("tick %d %d" % (n, time.time() * 1000), flush=True)
                    time.sleep(0.1)
                """;
        long tickerTask = platform.run(platform.spider("python3 ticker.py", Map.of("ticker.py", ticker)));
        List<Double> latencies = new ArrayList<>();
        long after = 0;
        boolean complete = false;
        while (!complete) {
            JsonNode page = platform.get("/api/tasks/" + tickerTask + "/logs?after=" + after + "&limit=500");
            double now = System.currentTimeMillis();
            for (JsonNode line : page.get("lines")) {
                String[] parts = line.get("line").asString().split(" ");
                latencies.add(now - Double.parseDouble(parts[2]));
            }
            after = page.get("next").asLong();
            complete = page.get("complete").asBoolean();
            Platform.sleep(20);
        }
        Stats tail = Stats.of(latencies);
        return List.of(
                new Figure(name(), "lines/s", stored / seconds, Double.NaN, ">= 100,000/s",
                        lines + " plain lines (" + stored + " stored), process start to task finished"),
                new Figure("log tail latency", "p50 ms", tail.p50(), Double.NaN, "<= 1000 ms",
                        tail.count() + " lines printed every 100 ms, followed through the API every 20 ms"),
                new Figure("log tail latency", "p99 ms", tail.p99(), Double.NaN, "<= 1000 ms", ""));
    }
}
