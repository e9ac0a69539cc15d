package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker-host in its own JVM joins a standalone platform whose api runs no node of its own,
 * so every task that finishes was run by the joined node.
 */
@TestPropertySource(properties = "crawlyard.standalone.in-process-node=false")
class WorkerHostJoinsTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @TempDir
    Path directory;

    @Test
    void aWorkerHostInAnotherJvmJoinsAndRunsTasks() throws Exception {
        try (WorkerJvm worker = new WorkerJvm("joined-node", directory, Map.of(
                "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow())).start()) {
            List<Long> tasks = new ArrayList<>();
            long spider = spider("python3 -c 'import os; print(os.environ[\"CRAWLYARD_NODE\"])'", Map.of());
            for (int i = 0; i < 3; i++) {
                tasks.add(run(spider));
            }

            for (long task : tasks) {
                JsonNode finished = awaitStatus(task, "finished");
                assertThat(finished.get("node").asString()).isEqualTo(worker.key());
                assertThat(api.get("/api/tasks/" + task + "/logs").body().get("lines").get(0).get("line").asString())
                        .isEqualTo("joined-node");
            }
            assertThat(Files.isDirectory(directory.resolve("work/workspaces"))).isTrue();
            JsonNode node = api.get("/api/nodes/joined-node").body();
            assertThat(node.get("online").asBoolean()).isTrue();
            assertThat(node.get("maxRunners").asInt()).isEqualTo(8);
        }
    }

    /** With Spring Boot's structured logging on, a node's lines are JSON carrying the task's context. */
    @Test
    void aNodeWithStructuredLogsWritesJsonLinesCarryingTheTaskAttemptSpiderAndNode() throws Exception {
        try (WorkerJvm worker = new WorkerJvm("json-node", directory, Map.of(
                "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow(),
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")).withOwnLogging().start()) {
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
                    .findFirst().orElseThrow(() -> new AssertionError("no JSON line about the start in " + lines));
            assertThat(started.path("taskId").asString()).isEqualTo(Long.toString(task));
            assertThat(started.path("attempt").asString()).isEqualTo("1");
            assertThat(started.path("spiderId").asString()).isEqualTo(Long.toString(spider));
            assertThat(started.path("node").asString()).isEqualTo("json-node");
            assertThat(started.has("@timestamp")).isTrue();
        }
    }
}
