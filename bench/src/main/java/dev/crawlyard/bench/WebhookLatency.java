package dev.crawlyard.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery latency: a task's end (its {@code finishedAt}) to the receipt of its signed
 * {@code task.finished} event by a receiver on loopback, one task at a time; beside a POST of the
 * same body straight from this JVM to the same receiver, the HTTP round trip a delivery cannot
 * avoid.
 */
final class WebhookLatency implements Scenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int tasks;

    WebhookLatency(int tasks) {
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        BlockingQueue<Received> received = new ArrayBlockingQueue<>(tasks * 2 + 10);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            Instant at = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            received.add(new Received(at, body, exchange.getRequestHeaders().getFirst("webhook-signature")));
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try {
            long spider = platform.spider("true", Map.of());
            JsonNode subscription = platform.post("/api/webhooks", JSON.writeValueAsString(Map.of(
                    "url", url, "events", List.of("task.finished"), "spider", String.valueOf(spider))));
            // One unmeasured round, so that the first delivery's workflow and HTTP client start cold only once.
            deliver(platform, spider, received);
            List<Double> latencies = new ArrayList<>();
            String body = null;
            for (int i = 0; i < tasks; i++) {
                Received event = deliver(platform, spider, received);
                Instant finished = Instant.parse(JSON.readTree(event.body()).get("data").get("finishedAt").asString());
                latencies.add(Duration.between(finished, event.at()).toNanos() / 1e6);
                body = event.body();
            }
            List<Double> direct = direct(url, body, received);
            platform.delete("/api/webhooks/" + subscription.get("id").asLong());
            Stats ours = Stats.of(latencies);
            Stats ceiling = Stats.of(direct);
            String note = String.format(Locale.ROOT, "%d tasks of `true`, one at a time, each task.finished event"
                            + " timed from the task's finishedAt to its receipt (p95 %.0f, max %.0f ms); ceiling:"
                            + " the same body POSTed straight to the receiver, p50 %.1f ms, p99 %.1f ms",
                    tasks, ours.p95(), ours.max(), ceiling.p50(), ceiling.p99());
            return List.of(
                    new Figure(name(), "task end -> event received p50 (ms)", ours.p50(), ceiling.p50(), "—", note),
                    new Figure(name(), "task end -> event received p99 (ms)", ours.p99(), ceiling.p99(), "—", note));
        } finally {
            receiver.stop(0);
        }
    }

    /** Runs one task and waits for its event; a signed delivery, or the scenario fails. */
    private static Received deliver(Platform platform, long spider, BlockingQueue<Received> received)
            throws InterruptedException {
        long task = platform.run(spider);
        platform.awaitEnd(task, Duration.ofMinutes(1));
        while (true) {
            Received event = received.poll(30, TimeUnit.SECONDS);
            if (event == null) {
                throw new IllegalStateException("no webhook for task " + task + " within 30 s");
            }
            if (event.signature() == null || !event.signature().startsWith("v1,")) {
                throw new IllegalStateException("an unsigned delivery: " + event.body());
            }
            if (JSON.readTree(event.body()).get("data").get("taskId").asLong() == task) {
                return event;
            }
        }
    }

    private static List<Double> direct(String url, String body, BlockingQueue<Received> received) throws Exception {
        List<Double> millis = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            for (int i = 0; i < 210; i++) {
                long start = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("webhook-id", "bench-" + UUID.randomUUID())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (i >= 10) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        received.clear();
        return millis;
    }

    private record Received(Instant at, String body, String signature) {
    }
}
