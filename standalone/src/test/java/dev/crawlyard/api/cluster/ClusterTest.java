package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Three worker nodes in JVMs of their own beside an api that runs no node itself: dispatch modes,
 * runner limits, disabling, and what happens when a node dies or is away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {
    "crawlyard.standalone.in-process-node=false",
    // The node wait bounds a task's wait for a runner too; under a busy machine's load, a worker JVM takes
    // half a minute to start again, so the wait leaves room for that.
    "crawlyard.tasks.node-wait=45s",
    "crawlyard.tasks.heartbeat-timeout=4s",
    "crawlyard.tasks.node-offline-after=3s"})
class ClusterTest extends ApiTestBase {

    private static final List<String> KEYS = List.of("node-a", "node-b", "node-c");

    @Autowired
    EmbeddedServices embedded;

    private final Map<String, WorkerJvm> workers = new HashMap<>();
    private Path root;

    @BeforeAll
    void startNodes() throws Exception {
        root = Files.createTempDirectory("crawlyard-cluster-");
        // The nodes' spiders (runner users, as root) pass through it to their own directories.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        List<Thread> starting = new ArrayList<>();
        for (String key : KEYS) {
            WorkerJvm worker = new WorkerJvm(key, root.resolve(key), WorkerJvm.joining(embedded, Map.of(
                    "CRAWLYARD_NODE_REPORT_INTERVAL", "500ms",
                    "CRAWLYARD_NODE_HEARTBEAT_INTERVAL", "1s",
                    // Workflows run in the api, which no test kills (see WorkflowHost).
                    "CRAWLYARD_WORKFLOWHOST_ENABLED", "false")));
            workers.put(key, worker);
            starting.add(Thread.ofVirtual().start(worker::start));
        }
        for (Thread thread : starting) {
            thread.join();
        }
    }

    @AfterAll
    void stopNodes() throws InterruptedException {
        for (WorkerJvm worker : workers.values()) {
            worker.stop();
        }
    }

    /**
     * Every test starts with the live nodes enabled, with four runners each. The tests that kill a
     * node come last and the killed node is not started again: Temporal's test server keeps handing
     * a queue's tasks to the polls of a killed process, so a node restarted under the same key would
     * see its first steps stranded until their heartbeat timeouts (a real server does not).
     */
    @BeforeEach
    void resetNodes() throws Exception {
        for (WorkerJvm worker : workers.values()) {
            if (worker.alive()) {
                api.patch("/api/nodes/" + worker.key(), ApiClient.json(Map.of("enabled", true, "maxRunners", 4)));
            }
        }
        awaitNodes(node -> !workers.get(node.get("key").asString()).alive()
                || (node.get("online").asBoolean() && node.get("enabled").asBoolean()));
        Thread.sleep(1500); // two reports: every node has applied the reset
    }

    @Test
    void thirtyRandomTasksSpreadOverTheNodesAndNoNodeRunsMoreThanItsRunners() throws Exception {
        long spider = spider("python3 -c 'import time; time.sleep(0.5)'", Map.of());

        List<Long> tasks = IntStream.range(0, 30).mapToObj(i -> run(spider)).toList();

        Map<String, List<JsonNode>> byNode = new HashMap<>();
        for (long task : tasks) {
            JsonNode finished = awaitStatus(task, "finished");
            JsonNode attempt = finished.get("attempts").get(0);
            byNode.computeIfAbsent(attempt.get("node").asString(), k -> new ArrayList<>()).add(attempt);
        }
        // Thirty tasks do not fit in one node's four runners, so they spread. (How evenly is up to
        // Temporal's matching; the embedded test server tends to starve one node, see the README.)
        assertThat(byNode.keySet()).hasSizeGreaterThanOrEqualTo(2).isSubsetOf(KEYS);
        byNode.forEach((node, attempts) -> assertThat(Attempts.mostAtOnce(attempts)).as(node).isLessThanOrEqualTo(4));
    }

    @Test
    void eachRandomTaskGoesToTheLeastLoadedNode() throws Exception {
        long spider = spider("python3 -c 'import time; time.sleep(10)'", Map.of());

        // One at a time, each once the one before has its node: the next goes to a node with fewer.
        Map<String, Integer> byNode = new HashMap<>();
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long task = run(spider);
            tasks.add(task);
            byNode.merge(awaitNode(task), 1, Integer::sum);
        }

        assertThat(byNode).as("tasks per node").isEqualTo(Map.of("node-a", 2, "node-b", 2, "node-c", 2));
        for (long task : tasks) {
            api.post("/api/tasks/" + task + "/cancel", null);
        }
        for (long task : tasks) {
            awaitStatus(task, "cancelled");
        }
    }

    /** The node that claimed the task, once one has. */
    private String awaitNode(long task) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode row = api.get("/api/tasks/" + task).body();
            if (row.hasNonNull("node") && !row.get("node").asString().isEmpty()) {
                return row.get("node").asString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node claimed task " + task);
    }

    @Test
    void aNodeWithOneRunnerNeverRunsTwoSpidersAtOnce() throws Exception {
        api.patch("/api/nodes/node-a", ApiClient.json(Map.of("maxRunners", 1)));
        Thread.sleep(1500);
        long spider = spider("python3 -c 'import time; time.sleep(1)'", Map.of());

        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(runOn(spider, "selected", List.of("node-a")).get(0).get("id").asLong());
        }

        List<JsonNode> attempts = new ArrayList<>();
        for (long task : tasks) {
            JsonNode finished = awaitStatus(task, "finished");
            assertThat(finished.get("node").asString()).isEqualTo("node-a");
            attempts.add(finished.get("attempts").get(0));
        }
        assertThat(Attempts.mostAtOnce(attempts)).isEqualTo(1);
    }

    @Test
    void allNodesMeansOneTaskOnEachOnlineEnabledNode() throws Exception {
        long spider = spider("true", Map.of());

        List<JsonNode> created = runOn(spider, "all", List.of());

        assertThat(created).hasSize(3);
        Set<String> nodes = new HashSet<>();
        for (JsonNode task : created) {
            assertThat(task.get("dispatchMode").asString()).isEqualTo("all");
            nodes.add(awaitStatus(task.get("id").asLong(), "finished").get("node").asString());
        }
        assertThat(nodes).containsExactlyInAnyOrderElementsOf(KEYS);
    }

    @Test
    void aTaskForASelectedNodeThatIsOfflineRunsThereWhenTheNodeComesBack() throws Exception {
        workers.get("node-c").stop();
        long spider = spider("true", Map.of());

        long task = runOn(spider, "selected", List.of("node-c")).get(0).get("id").asLong();
        Thread.sleep(1000);
        assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("pending");
        workers.get("node-c").start();

        JsonNode finished = awaitStatus(task, "finished");
        assertThat(finished.get("node").asString()).isEqualTo("node-c");
        assertThat(finished.get("pinnedNode").asString()).isEqualTo("node-c");
    }

    @Test
    @Order(Order.DEFAULT + 100)
    void aTaskPinnedToADeadNodeEndsAbnormalWithinTheNodeWaitOrMovesWhenReassignIsAsked() throws Exception {
        workers.get("node-b").kill();
        long spider = spider("true", Map.of());

        long pinned = runOn(spider, "selected", List.of("node-b")).get(0).get("id").asLong();
        JsonNode reassigned = runOn(spider, "selected", List.of("node-b"), true).get(0);

        // The node wait is a bound (TaskWorkflowBoundsTest shows it is exact, whatever the nodes do); this shows
        // that the dead node's task ends, and says why.
        JsonNode abnormal = awaitStatus(pinned, "abnormal", Duration.ofSeconds(90));
        assertThat(abnormal.get("errorMessage").asString())
                .isEqualTo("node unavailable: node node-b did not take the task within 45s");
        assertThat(abnormal.get("attempts")).isEmpty();
        JsonNode moved = awaitStatus(reassigned.get("id").asLong(), "finished", Duration.ofSeconds(90));
        assertThat(moved.get("node").asString()).isIn("node-a", "node-c");
    }

    @Test
    @Order(Order.DEFAULT + 101)
    void whenTheNodeRunningATaskIsKilledTheTaskFinishesOnAnotherNodeAndItsItemsAreTheRetrysAlone() throws Exception {
        long spider = spider("python3 items.py", Map.of("items.py", """
                import json, time
                for n in range(5):
                    print(json.dumps({"ipc": True, "type": "data", "payload": {"n": n}}), flush=True)
                print("items printed", flush=True)
                time.sleep(6)
                """));
        long task = run(spider);
        String first = awaitStatus(task, "running").get("node").asString();
        awaitItems(task, 5);

        workers.get(first).kill();

        JsonNode finished = awaitStatus(task, "finished");
        JsonNode attempts = finished.get("attempts");
        assertThat(attempts.size()).isEqualTo(2);
        assertThat(attempts.get(0).get("node").asString()).isEqualTo(first);
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("lost");
        assertThat(attempts.get(1).get("node").asString()).isNotEqualTo(first);
        assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("exited");
        assertThat(finished.get("node").asString()).isEqualTo(attempts.get(1).get("node").asString());
        // The lost attempt's five items and the retry's five: the task, its exports and its spider's show
        // the retry's alone, with no item twice; the lost attempt's stay readable by number.
        assertThat(finished.get("attempt").asInt()).isEqualTo(2);
        assertThat(finished.get("items").asLong()).isEqualTo(5);
        List<String> exported = api.getText("/api/tasks/" + task + "/items?format=ndjson").body().lines().toList();
        assertThat(exported).containsExactly("{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}", "{\"n\": 4}");
        assertThat(api.getText("/api/spiders/" + spider + "/items?format=csv").body().lines()).hasSize(1 + 5);
        assertThat(api.get("/api/tasks/" + task + "/items?attempts=all").body().get("total").asLong()).isEqualTo(10);
        assertThat(api.get("/api/tasks/" + task + "/items?attempt=1").body().get("total").asLong()).isEqualTo(5);
        assertThat(api.get("/api/tasks/" + task + "/logs").body().get("lines")).extracting(line -> line.get("line")
                .asString()).containsExactly("items printed");
        assertThat(api.get("/api/tasks/" + task + "/logs?attempts=all").body().get("lines")).hasSize(2);
    }

    private void awaitItems(long task, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.get("/api/tasks/" + task).body().get("items").asLong() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + task + " never had " + count + " items stored");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aDisabledNodeTakesNoNewTask() throws Exception {
        ApiClient.Reply disabled = api.patch("/api/nodes/node-b", ApiClient.json(Map.of("enabled", false)));
        assertThat(disabled.body().get("enabled").asBoolean()).isFalse();
        Thread.sleep(1500);
        long spider = spider("python3 -c 'import time; time.sleep(0.3)'", Map.of());

        List<Long> tasks = IntStream.range(0, 12).mapToObj(i -> run(spider)).toList();

        for (long task : tasks) {
            assertThat(awaitStatus(task, "finished").get("node").asString()).isNotEqualTo("node-b");
        }
        assertThat(api.get("/api/nodes/node-b").body().get("online").asBoolean()).isTrue();
    }

    @Test
    void badNodeRequestsAreRefused() {
        long spider = spider("true", Map.of());
        assertThat(api.patch("/api/nodes/no-such-node", ApiClient.json(Map.of("enabled", false))).status()).isEqualTo(404);
        assertThat(api.patch("/api/nodes/node-a", ApiClient.json(Map.of("maxRunners", -1))).status()).isEqualTo(400);
        assertThat(api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("mode", "selected",
                "nodes", List.of("nowhere")))).status()).isEqualTo(400);
        assertThat(api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("mode", "selected")))
                .status()).isEqualTo(400);
        assertThat(api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("mode", "everywhere")))
                .status()).isEqualTo(400);
        assertThat(api.get("/api/tasks?spider=" + spider).body().get("total").asLong()).isZero();
    }

    private List<JsonNode> runOn(long spider, String mode, List<String> nodes) {
        return runOn(spider, mode, nodes, false);
    }

    private List<JsonNode> runOn(long spider, String mode, List<String> nodes, boolean reassign) {
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("mode", mode, "nodes", nodes, "reassign", reassign)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        List<JsonNode> tasks = new ArrayList<>();
        reply.body().get("tasks").forEach(tasks::add);
        return tasks;
    }

    private void awaitNodes(java.util.function.Predicate<JsonNode> ready) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode nodes = api.get("/api/nodes").body();
            List<JsonNode> ours = new ArrayList<>();
            nodes.forEach(node -> {
                if (KEYS.contains(node.get("key").asString())) {
                    ours.add(node);
                }
            });
            if (ours.size() == KEYS.size() && ours.stream().allMatch(ready)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the nodes did not come up: " + nodes);
            }
            Thread.sleep(100);
        }
    }
}
