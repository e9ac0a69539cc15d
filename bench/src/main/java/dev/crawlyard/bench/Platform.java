package dev.crawlyard.bench;

import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.standalone.StandaloneApplication;
import dev.crawlyard.standalone.EmbeddedServices;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A standalone platform started in this JVM for the benchmark, with its own data directory and
 * ports, and the calls the scenarios make to it: over HTTP as a user would, and straight to its
 * database for timestamps and ceilings.
 */
final class Platform implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    private Platform(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = context.getBean(TokenStore.class).create("bench-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret();
    }

    static Platform start(Path home, String... settings) {
        int port = freePort();
        SpringApplication application = StandaloneApplication.application();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--crawlyard.standalone.data-dir=" + home.resolve("postgres"),
                "--crawlyard.standalone.postgres-port=0",
                "--crawlyard.standalone.temporal-port=" + freePort(),
                "--crawlyard.node.work-dir=" + home.resolve("work"),
                "--crawlyard.node.key=bench-node",
                "--crawlyard.node.api-url=http://127.0.0.1:" + port,
                "--crawlyard.tasks.stop-grace-period=2s",
                // The webhook scenario's receiver listens on loopback.
                "--crawlyard.webhooks.allow-private-targets=true",
                "--logging.level.root=WARN",
                "--logging.level.dev.crawlyard=WARN"));
        args.addAll(List.of(settings));
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        return new Platform(context, port);
    }

    /** An authenticated DELETE; its answer has no body. */
    void delete(String path) {
        getText(path, "DELETE");
    }

    /** The text of an authenticated GET, for answers that are not JSON (the Prometheus scrape). */
    String getText(String path) {
        return getText(path, "GET");
    }

    private String getText(String path, String method) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The api's address, http://127.0.0.1:port. */
    String baseUrl() {
        return baseUrl;
    }

    /** The bench's API token, good for any api of this platform. */
    String token() {
        return token;
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    WorkflowClient temporal() {
        return context.getBean(WorkflowClient.class);
    }

    String jdbcUrl() {
        return context.getBean(EmbeddedServices.class).jdbcUrl().orElseThrow();
    }

    /** The file with the embedded database's password, which worker JVMs read to join. */
    Path databasePasswordFile() {
        return context.getBean(EmbeddedServices.class).databasePasswordFile().orElseThrow();
    }

    Path temporalApiKeyFile() {
        return context.getBean(EmbeddedServices.class).temporalApiKeyFile().orElseThrow();
    }

    String temporalAddress() {
        return context.getBean(EmbeddedServices.class).temporalAddress().orElseThrow();
    }

    long spider(String command, Map<String, String> files) {
        JsonNode created = post("/api/spiders", JSON.writeValueAsString(Map.of(
                "name", "bench-" + UUID.randomUUID(), "command", command, "files", files)));
        return created.get("id").asLong();
    }

    /** Uploads a zip archive as a new version of the spider's files; returns the version. */
    JsonNode uploadZip(long spiderId, byte[] zip) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/spiders/" + spiderId + "/versions"))
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    long run(long spiderId) {
        return post("/api/spiders/" + spiderId + "/run", null).get("id").asLong();
    }

    void cancel(long taskId) {
        post("/api/tasks/" + taskId + "/cancel", null);
    }

    /** Polls the task through the API until it has ended. */
    JsonNode awaitEnd(long taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode task = get("/api/tasks/" + taskId);
            String status = task.get("status").asString();
            if (!status.equals("pending") && !status.equals("preparing") && !status.equals("running")) {
                return task;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + taskId + " did not end within " + timeout + ": " + task);
            }
            sleep(10);
        }
    }

    /**
     * The same, for the scenarios that time a pipeline on the platform's own clock (its rows'
     * started and finished times): the task's row is read every 100 ms and the API asked once at
     * the end. Polling the API every 10 ms, each call with its token check, took about a third of
     * the Java samples of an item ingestion on two cores, from the pipeline it was timing.
     */
    JsonNode awaitEndQuietly(long taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jdbc().queryForObject("SELECT status IN ('pending', 'preparing', 'running') FROM tasks WHERE id = ?",
                Boolean.class, taskId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + taskId + " did not end within " + timeout);
            }
            sleep(100);
        }
        return get("/api/tasks/" + taskId);
    }

    JsonNode patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json");
        return send(json == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's runner users, which its spiders' processes run as (when it has them). */
    RunnerUsers runnerUsers() {
        return context.getBean(RunnerUsers.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
