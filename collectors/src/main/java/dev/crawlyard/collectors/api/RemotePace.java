package dev.crawlyard.collectors.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spider's token bucket, shared by all its tasks, as the crawler's: each request takes a slot
 * through {@code POST /api/v1/crawl/slot} with the task's own token, which the API plans against the
 * spider's rate and burst in PostgreSQL.
 */
final class RemotePace implements Pace {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI slot;
    private final String token;
    private final int attempt;

    RemotePace(String apiUrl, String token, int attempt) {
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.slot = URI.create(base + "/api/v1/crawl/slot");
        this.token = token;
        this.attempt = attempt;
    }

    @Override
    public long delayMillis(String host) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(slot).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("attempt", attempt,
                        "host", host == null ? "" : host))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the rate slot call answered " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("delayMillis").asLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
