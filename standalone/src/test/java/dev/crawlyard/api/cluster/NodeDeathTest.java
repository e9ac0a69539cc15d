package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.processes.ProcessTable;
import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.api.containers.ContainerImages;
import dev.crawlyard.standalone.EmbeddedServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A worker node in a JVM of its own, SIGKILLed while it runs a spider that prints nothing: the
 * spider does not outlive its node by more than a few seconds, the node list stops counting it,
 * and a node that starts again on the same work directory stops what its previous life left.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestPropertySource(properties = {
    "crawlyard.standalone.in-process-node=false",
    "crawlyard.tasks.node-wait=10s",
    "crawlyard.tasks.heartbeat-timeout=4s",
    "crawlyard.tasks.node-offline-after=3s"})
class NodeDeathTest extends ApiTestBase {

    /** The watchdog sends SIGTERM as soon as the JVM is gone; this leaves room for a slow machine. */
    private static final Duration SPIDER_GONE_WITHIN = Duration.ofSeconds(10);

    @Autowired
    EmbeddedServices embedded;

    private final List<WorkerJvm> workers = new ArrayList<>();
    private final List<Long> spiders = new ArrayList<>();
    private Path root;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createTempDirectory("crawlyard-node-death-");
        // Spiders may run as runner users, who must be able to pass through to their directories.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (WorkerJvm worker : workers) {
            worker.stop();
        }
        spiders.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aSilentSpiderWhoseNodeIsKilledStopsWithinSecondsAndTheNodeListCountsNothingRunningThere()
            throws Exception {
        WorkerJvm worker = worker("death-" + UUID.randomUUID().toString().substring(0, 8));
        String marker = "silent-" + UUID.randomUUID();
        long spiderPid = startSilentSpider(worker, marker);
        awaitNode(worker.key(), node -> node.get("online").asBoolean() && node.get("running").asInt() == 1);

        worker.kill();

        await("the spider " + spiderPid + " stops", SPIDER_GONE_WITHIN, () -> !ProcessTable.isRunning(spiderPid));
        JsonNode node = awaitNode(worker.key(), n -> !n.get("online").asBoolean());
        assertThat(node.get("running").asInt()).isZero();
    }

    @Test
    void aTaskWhoseNodeIsStoppedCleanlyIsStoppedThereAndGoesBackToDispatchAtOnce() throws Exception {
        // Its own grace period, as a deployed node's: time to stop the spider before the node exits.
        WorkerJvm stopping = worker("stopping-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("CRAWLYARD_NODE_SHUTDOWN_GRACE_PERIOD", "30s"));
        // The first attempt sleeps (and ignores the cancel message), any later one ends at once.
        long spider = spider("python3 -c \"import os, time; print('attempt', os.environ['CRAWLYARD_ATTEMPT'],"
                + " 'on', os.environ['CRAWLYARD_NODE'], flush=True);"
                + " time.sleep(300 if os.environ['CRAWLYARD_ATTEMPT'] == '1' else 0)\"", Map.of());
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of()));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        long task = reply.body().get("id").asLong();
        assertThat(awaitStatus(task, "running").get("node").asText()).isEqualTo(stopping.key());
        WorkerJvm other = worker("other-" + UUID.randomUUID().toString().substring(0, 8));

        stopping.stop();

        // By itself after SIGTERM (143), not killed when it would not stop within 40 s (137).
        assertThat(stopping.alive()).as("the stopped node's JVM exited").isFalse();
        assertThat(stopping.exitValue()).isEqualTo(143);
        JsonNode ended = awaitStatus(task, "finished", Duration.ofSeconds(60));
        assertThat(ended.get("node").asText()).isEqualTo(other.key());
        JsonNode attempts = ended.get("attempts");
        assertThat(attempts).hasSize(2);
        JsonNode first = attempts.get(0);
        assertThat(first.get("node").asText()).isEqualTo(stopping.key());
        assertThat(first.get("outcome").asText()).isEqualTo("lost");
        // Recorded by the stopping node as it stopped the spider, not inferred later by the next
        // attempt's start ("went away"), nor by a heartbeat timeout.
        assertThat(first.get("error").asText()).isEqualTo("node " + stopping.key()
                + " stopped during this attempt; its spider was stopped (terminated)");
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("exited");
        // The second attempt began once the first had ended: the stopping node heartbeat through its
        // spider's stop, so no heartbeat timeout sent the task elsewhere while the spider still ran.
        assertThat(java.time.Instant.parse(attempts.get(1).get("startedAt").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(first.get("endedAt").asText()));
        assertThat(stopping.logs()).doesNotContain("could not record").doesNotContain("Failed to obtain JDBC Connection");
    }

    @Test
    void aTaskWhoseNodeIsStoppedDuringItsInstallGoesBackToDispatchAtOnce() throws Exception {
        WorkerJvm stopping = worker("installing-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("CRAWLYARD_NODE_SHUTDOWN_GRACE_PERIOD", "30s"));
        // Spiders' installs run as runner users: the traces they leave go to a directory open to them.
        Path traces = Files.createTempDirectory("install-traces");
        Files.setPosixFilePermissions(traces, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pid = traces.resolve("pid");
        // The first install says its pid and sleeps; the next finds that one was there and ends at once.
        ApiClient.Reply created = api.post("/api/spiders", ApiClient.json(Map.of("name", "install-" + UUID.randomUUID(),
                "command", "echo ran on $CRAWLYARD_NODE",
                "installCommand", "if mkdir '" + traces.resolve("first") + "' 2>/dev/null; then"
                        + " sh -c 'echo $$ > " + pid + "; exec sleep 300'; fi")));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        ApiClient.Reply reply = api.post("/api/spiders/" + created.body().get("id").asLong() + "/run",
                ApiClient.json(Map.of()));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        long task = reply.body().get("id").asLong();
        await("the install writes its pid", WAIT, () -> Files.exists(pid) && !readQuietly(pid).isBlank());
        long sleeper = Long.parseLong(readQuietly(pid).trim());
        assertThat(awaitStatus(task, "preparing").get("node").asText()).isEqualTo(stopping.key());
        WorkerJvm other = worker("other-" + UUID.randomUUID().toString().substring(0, 8));

        stopping.stop();

        assertThat(stopping.alive()).as("the stopped node's JVM exited").isFalse();
        assertThat(stopping.exitValue()).isEqualTo(143);
        assertThat(ProcessTable.isRunning(sleeper)).as("the install's command was killed").isFalse();
        JsonNode ended = awaitStatus(task, "finished", Duration.ofSeconds(60));
        assertThat(ended.get("node").asText()).isEqualTo(other.key());
        JsonNode attempts = ended.get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("node").asText()).isEqualTo(stopping.key());
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("lost");
        // Recorded by the stopping node, not inferred by the next attempt's start or a heartbeat timeout.
        assertThat(attempts.get(0).get("error").asText()).isEqualTo("node " + stopping.key()
                + " stopped during this attempt; its dependency install was stopped and its spider not started");
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("exited");
        assertThat(java.time.Instant.parse(attempts.get(1).get("startedAt").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(attempts.get(0).get("endedAt").asText()));
        assertThat(stopping.logs()).doesNotContain("could not record").doesNotContain("Failed to obtain JDBC Connection");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aNodeThatStartsAgainStopsWhatItsPreviousLifeLeftRunning() throws Exception {
        WorkerJvm worker = worker("again-" + UUID.randomUUID().toString().substring(0, 8));
        String marker = "left-" + UUID.randomUUID();
        long spiderPid = startSilentSpider(worker, marker);
        // Take the watchdog out of play as a crash that took it too would: pause it, kill the
        // node, then kill the watchdog before it ever runs.
        long watchdog = findProcess(worker.workDir().resolve("processes").toString())
                .orElseThrow(() -> new AssertionError("no watchdog runs for " + worker.workDir()));
        signal("STOP", watchdog);
        worker.kill();
        signal("KILL", watchdog);
        Thread.sleep(1000);
        assertThat(ProcessTable.isRunning(spiderPid)).as("the spider outlived its node and its watchdog").isTrue();

        worker.start();

        await("the spider " + spiderPid + " stops", SPIDER_GONE_WITHIN, () -> !ProcessTable.isRunning(spiderPid));
        assertThat(worker.logs()).contains("stopped 1 process groups left running by this node's previous life");
    }

    @Test
    void aNodeRestartedAfterSigkillRemovesTheContainerItsPreviousLifeLeftRunning() throws Exception {
        String image = ContainerImages.busybox();
        WorkerJvm worker = worker("box-" + UUID.randomUUID().toString().substring(0, 8));
        ApiClient.Reply created = api.post("/api/spiders", ApiClient.json(Map.of("name", "orphan-" + UUID.randomUUID(),
                "command", "sleep 300", "container", Map.of("image", image, "pull", "never"))));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        awaitNode(worker.key(), node -> node.get("capabilities").get("containers").asBoolean());
        ApiClient.Reply reply = api.post("/api/spiders/" + created.body().get("id").asLong() + "/run",
                ApiClient.json(Map.of("mode", "selected", "nodes", List.of(worker.key()))));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        long task = reply.body().get("tasks").get(0).get("id").asLong();
        awaitStatus(task, "running");
        String[] found = new String[1];
        await("the task's container runs", WAIT, () -> {
            List<String> made = ContainerImages.containersOf(task, worker.key());
            found[0] = made.isEmpty() ? null : made.getFirst();
            return found[0] != null && ContainerImages.runs(found[0]);
        });
        String container = found[0];
        assertThat(container).startsWith("task-" + task + "-1");

        worker.kill();
        // The node's watchdog sends SIGTERM to the attached docker CLI, which passes it on to the
        // container (which ends); the container itself is the engine's and stays until the node is back.
        Thread.sleep(2000);
        assertThat(ContainerImages.exists(container)).as("the container outlived its node").isTrue();

        worker.start();

        await("the container " + container + " is removed", Duration.ofSeconds(30),
                () -> !ContainerImages.exists(container));
        assertThat(worker.logs()).contains("removed 1 containers left by this node's previous life");
    }

    @AfterEach
    void removeTheTestsContainers() {
        // Whatever a failed test left of its own nodes' containers (their keys are the test's own).
        for (WorkerJvm worker : workers) {
            ContainerImages.run("sh", "-c", "docker ps --all --quiet --filter label=dev.crawlyard.node=" + worker.key()
                    + " | xargs -r docker rm --force");
        }
    }

    private WorkerJvm worker(String key) {
        return worker(key, Map.of());
    }

    /** A worker node, with {@code settings} over the ones below. */
    private WorkerJvm worker(String key, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "CRAWLYARD_NODE_REPORT_INTERVAL", "500ms",
                "CRAWLYARD_NODE_HEARTBEAT_INTERVAL", "1s",
                "CRAWLYARD_WORKFLOWHOST_ENABLED", "false",
                // Runner uids of their own: a block a dead node frees is taken by the next node to
                // start on the machine, which would stop the orphans in this test's place.
                "CRAWLYARD_NODE_RUNNERUIDBASE", "77000",
                // The spiders sleep for minutes: a node stopped at the end of a test need not wait for them.
                "CRAWLYARD_NODE_SHUTDOWN_GRACE_PERIOD", "1s"));
        all.putAll(settings);
        WorkerJvm worker = new WorkerJvm(key, root.resolve(key), WorkerJvm.joining(embedded, all));
        workers.add(worker);
        return worker.start();
    }

    /** Runs a spider that prints nothing and sleeps, pinned to the worker, and returns its pid. */
    private long startSilentSpider(WorkerJvm worker, String marker) throws Exception {
        long spider = spider("python3 -c 'import time; time.sleep(300)' " + marker, Map.of());
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("mode", "selected", "nodes", List.of(worker.key()))));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        awaitStatus(reply.body().get("tasks").get(0).get("id").asLong(), "running");
        long[] pid = new long[1];
        await("the spider's process appears", WAIT, () -> {
            findProcess(marker).ifPresent(found -> pid[0] = found);
            return pid[0] > 0;
        });
        spiders.add(pid[0]);
        return pid[0];
    }

    private JsonNode awaitNode(String key, java.util.function.Predicate<JsonNode> condition) throws Exception {
        JsonNode[] node = new JsonNode[1];
        await("node " + key + " as expected", WAIT, () -> {
            node[0] = api.get("/api/nodes/" + key).body();
            return condition.test(node[0]);
        });
        return node[0];
    }

    /** The pid of a running process whose command line holds {@code text}. */
    private static OptionalLong findProcess(String text) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    long pid = Long.parseLong(entry.getFileName().toString());
                    if (cmdline.contains(text) && ProcessTable.isRunning(pid)) {
                        return OptionalLong.of(pid);
                    }
                } catch (IOException e) {
                    // It ended while being looked at.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return OptionalLong.empty();
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
