package dev.crawlyard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chaos scenario's calls to the api, over HTTP as a user's client makes them, through its restarts. */
final class ChaosApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String token;

    ChaosApi(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A response, or a status of 0 when the api did not answer (it is restarting). */
    record Reply(int status, JsonNode body) {
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request);
    }

    /**
     * Runs the spider, sending the request again with the same key until it is accepted (the api may be
     * restarting, or Temporal slow): one task, however many tries. Returns the task's id.
     */
    long run(long spider, Map<String, String> params, String key) {
        while (true) {
            Reply reply = post("/api/spiders/" + spider + "/run", Map.of("params", params), Map.of("Idempotency-Key", key));
            if (reply.status() == 202) {
                return reply.body().get("id").asLong();
            }
            if (reply.status() != 0 && reply.status() != 503 && reply.status() != 502) {
                throw new IllegalStateException("run refused: " + reply.status() + " " + reply.body());
            }
            Platform.sleep(500);
        }
    }

    /** Whether the api answers its health check. */
    boolean up() {
        return get("/api/health").status() == 200;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
        } catch (IOException e) {
            return new Reply(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
