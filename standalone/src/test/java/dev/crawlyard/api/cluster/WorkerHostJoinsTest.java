package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker-host in its own JVM joins a standalone platform whose api runs no node of its own,
 * so every task that finishes was run by the joined node. It finds the embedded PostgreSQL's
 * password where the platform keeps it, in its user's home; without it, it cannot connect.
 */
@TestPropertySource(properties = "crawlyard.standalone.in-process-node=false")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WorkerHostJoinsTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path directory;

    @Test
    void aWorkerHostInAnotherJvmJoinsWithThePasswordFileInItsHomeAndRunsTasks() throws Exception {
        // The platform's root is laid out as a home: .crawlyard/postgres and .crawlyard/postgres.password.
        Path home = embedded.databasePasswordFile().orElseThrow().getParent().getParent();
        try (WorkerJvm worker = new WorkerJvm("joined-node", directory, Map.of(
                "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow(),
                // A secret in the node's environment, which no spider may see.
                "NODE_SECRET_TOKEN", "not for spiders"),
                List.of("-Duser.home=" + home)).start()) {
            List<Long> tasks = new ArrayList<>();
            long spider = spider("python3 -c 'import os; print(os.environ[\"CRAWLYARD_NODE\"]);"
                    + " print(sorted(k for k in os.environ if \"SECRET\" in k or k.startswith(\"CRAWLYARD_DB\")))'",
                    Map.of());
            for (int i = 0; i < 3; i++) {
                tasks.add(run(spider));
            }

            for (long task : tasks) {
                JsonNode finished = awaitStatus(task, "finished");
                assertThat(finished.get("node").asString()).isEqualTo(worker.key());
                JsonNode lines = api.get("/api/tasks/" + task + "/logs").body().get("lines");
                assertThat(lines.get(0).get("line").asString()).isEqualTo("joined-node");
                assertThat(lines.get(1).get("line").asString()).as("the node's secrets in the spider's environment")
                        .isEqualTo("[]");
            }
            assertThat(Files.isDirectory(directory.resolve("spiders/workspaces"))).isTrue();
            JsonNode node = api.get("/api/nodes/joined-node").body();
            assertThat(node.get("online").asBoolean()).isTrue();
            assertThat(node.get("maxRunners").asInt()).isEqualTo(8);
        }
        // Stopped with SIGTERM: its record says so at once, so that no other node waits for it as a
        // peer (LeastLoadedFirst) until its last report goes stale.
        assertThat(jdbc.sql("SELECT stopped_at >= last_seen_at FROM nodes WHERE node_key = 'joined-node'")
                .query(Boolean.class).optional()).as("stopped after its last report").contains(true);
    }

    /** With Spring Boot's structured logging on, a node's lines are JSON carrying the task's context. */
    @Test
    void aNodeWithStructuredLogsWritesJsonLinesCarryingTheTaskAttemptSpiderAndNode() throws Exception {
        Path home = embedded.databasePasswordFile().orElseThrow().getParent().getParent();
        try (WorkerJvm worker = new WorkerJvm("json-node", directory, Map.of(
                "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow(),
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"),
                List.of("-Duser.home=" + home)).withOwnLogging().start()) {
            long spider = spider("echo hello", Map.of());
            long task = run(spider);
            awaitStatus(task, "finished");

            JsonMapper json = JsonMapper.builder().build();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(worker.log())) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            JsonNode started = lines.stream()
                    .filter(line -> line.path("message").asString().startsWith("attempt 1 started pid"))
                    .findFirst().orElseThrow(() -> new AssertionError("no JSON line about the start in " + lines
                            + "; the node's log: " + head(worker.log())));
            assertThat(started.path("taskId").asString()).isEqualTo(Long.toString(task));
            assertThat(started.path("attempt").asString()).isEqualTo("1");
            assertThat(started.path("spiderId").asString()).isEqualTo(Long.toString(spider));
            assertThat(started.path("node").asString()).isEqualTo("json-node");
            assertThat(started.has("@timestamp")).isTrue();
        }
    }

    @Test
    void aWorkerHostWithoutThePasswordCannotConnect() throws Exception {
        // Its home holds no password file, and a wrong password is no better.
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        for (Map.Entry<String, String> password : Map.of("none", "", "wrong", "not-the-password").entrySet()) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                    "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow()));
            if (!password.getValue().isEmpty()) {
                settings.put("CRAWLYARD_DB_PASSWORD", password.getValue());
            }
            WorkerJvm worker = new WorkerJvm("locked-out-" + password.getKey(), directory.resolve(password.getKey()),
                    settings, List.of("-Duser.home=" + directory.resolve("elsewhere")));

            String log = worker.failedStart(Duration.ofSeconds(90));

            // With none, the driver gives up as soon as the server asks for a SCRAM password.
            assertThat(log).as(password.getKey()).contains(password.getValue().isEmpty()
                    ? "The server requested SCRAM-based authentication, but the password is an empty string"
                    : "password authentication failed for user \"postgres\"");
            assertThat(api.get("/api/nodes/locked-out-" + password.getKey()).status()).isEqualTo(404);
        }
    }

    private static String head(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 3000 ? text.substring(0, 3000) + "..." : text;
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
