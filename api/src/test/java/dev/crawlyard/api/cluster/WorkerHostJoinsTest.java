package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.api.standalone.EmbeddedServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A worker-host in its own JVM joins a standalone platform whose api runs no node of its own,
 * so every task that finishes was run by the joined node.
 */
@TestPropertySource(properties = "crawlyard.api.in-process-node=false")
class WorkerHostJoinsTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @TempDir
    Path workDir;

    private Process worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void aWorkerHostInAnotherJvmJoinsAndRunsTasks() throws Exception {
        Path log = workDir.resolve("worker.log");
        worker = startWorker("joined-node", log);
        awaitLine(log, "is polling");

        List<Long> tasks = new ArrayList<>();
        long spider = spider("python3 -c 'import os; print(os.environ[\"CRAWLYARD_NODE\"])'", Map.of());
        for (int i = 0; i < 3; i++) {
            tasks.add(run(spider));
        }

        for (long task : tasks) {
            JsonNode finished = awaitStatus(task, "finished");
            assertThat(finished.get("node").asString()).isEqualTo("joined-node");
            assertThat(api.get("/api/tasks/" + task + "/logs").body().get("lines").get(0).get("line").asString())
                    .isEqualTo("joined-node");
        }
        assertThat(Files.isDirectory(workDir.resolve("work/workspaces"))).isTrue();
    }

    private Process startWorker(String key, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.crawlyard.worker.WorkerHostApplication");
        builder.environment().put("CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow());
        builder.environment().put("CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow());
        builder.environment().put("CRAWLYARD_NODE_KEY", key);
        builder.environment().put("CRAWLYARD_NODE_WORK_DIR", workDir.resolve("work").toString());
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            assertThat(worker.isAlive()).as("the worker JVM exited: %s", Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the worker never logged '" + text + "':\n" + Files.readString(log));
    }
}
