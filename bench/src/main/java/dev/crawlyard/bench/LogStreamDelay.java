package dev.crawlyard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live log stream's delay: a spider prints a line with the wall-clock time every 50 ms, and a
 * client of {@code GET /api/tasks/{id}/events} notes when each arrives (one machine, one clock).
 * The ceiling is the stream's poll interval, the wait a line can have before anything looks for it.
 */
final class LogStreamDelay implements Scenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int lines;

    LogStreamDelay(int lines) {
        this.lines = lines;
    }

    @Override
    public String name() {
        return "log stream";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        String spider = """
                import sys, time
                for n in range(COUNT):
                    print('printed-at %d' % time.time_ns(), flush=True)
                    time.sleep(0.05)
                """.replace("COUNT", Integer.toString(lines));
        long id = platform.spider("python3 -u lines.py", Map.of("lines.py", spider));
        long task = platform.run(id);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/tasks/" + task + "/events"))
                .header("Authorization", "Bearer " + platform.token()).header("Accept", "text/event-stream").GET().build();
        List<Double> delays = new ArrayList<>();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "log".equals(event)) {
                    long now = System.currentTimeMillis() * 1_000_000L;
                    JsonNode data = JSON.readTree(line.substring(5));
                    String text = data.get("line").asString();
                    if (text.startsWith("printed-at ")) {
                        delays.add((now - Long.parseLong(text.substring(11).trim())) / 1e6);
                    }
                } else if (line.startsWith("data:") && "end".equals(event)) {
                    break;
                }
            }
        }
        Stats stats = Stats.of(delays);
        return List.of(new Figure(name(), "print to client p99 ms", stats.p99(), 250, "<= 500 ms",
                delays.size() + " of " + lines + " lines, one every 50 ms; p50 " + Math.round(stats.p50()) + " ms, max "
                        + Math.round(stats.max()) + " ms; ceiling: the stream's poll interval (250 ms)"));
    }
}
