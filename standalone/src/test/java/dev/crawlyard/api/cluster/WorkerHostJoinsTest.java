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
}
