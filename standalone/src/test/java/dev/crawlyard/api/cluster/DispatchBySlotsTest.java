package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two worker nodes that poll the dispatch queue only while they have a free runner: a full node
 * takes no claim (so none is refused and retried), a node whose limit is lowered or that is
 * disabled stops taking claims at its next report, and queued tasks all run as runners free up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
    "crawlyard.standalone.in-process-node=false",
    "crawlyard.tasks.node-wait=2m",
    "crawlyard.tasks.heartbeat-timeout=10s"})
class DispatchBySlotsTest extends ApiTestBase {

    private static final List<String> KEYS = List.of("slots-x", "slots-y");

    @Autowired
    EmbeddedServices embedded;

    @Autowired
    WorkflowClient temporal;

    private final List<WorkerJvm> workers = new ArrayList<>();

    @BeforeAll
    void startNodes() throws Exception {
        Path root = Files.createTempDirectory("crawlyard-slots-");
        // The nodes' spiders (runner users, as root) pass through it to their own directories.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        List<Thread> starting = new ArrayList<>();
        for (String key : KEYS) {
            WorkerJvm worker = new WorkerJvm(key, root.resolve(key), WorkerJvm.joining(embedded, Map.of(
                    "CRAWLYARD_NODE_REPORT_INTERVAL", "500ms",
                    "CRAWLYARD_WORKFLOWHOST_ENABLED", "false")));
            workers.add(worker);
            starting.add(Thread.ofVirtual().start(worker::start));
        }
        for (Thread thread : starting) {
            thread.join();
        }
    }

    @AfterAll
    void stopNodes() throws InterruptedException {
        for (WorkerJvm worker : workers) {
            worker.stop();
        }
    }

    @BeforeEach
    void enableBothNodes() throws InterruptedException {
        limits(Map.of("enabled", true, "maxRunners", 2), Map.of("enabled", true, "maxRunners", 2));
    }

    @Test
    void aFullNodeTakesNoClaimAndNoClaimIsEverRefused() throws Exception {
        limits(Map.of("maxRunners", 1), Map.of("maxRunners", 3));
        // Polls already waiting on the queue were granted under the old limits and cannot be called
        // back; the claims they bring may be refused once. A first batch uses them up.
        long warmUp = spider("true", Map.of());
        finishedAttemptsByNode(IntStream.range(0, 10).mapToObj(i -> run(warmUp)).toList());
        long spider = spider("python3 -c 'import time; time.sleep(1)'", Map.of());

        List<Long> tasks = IntStream.range(0, 12).mapToObj(i -> run(spider)).toList();

        Map<String, List<JsonNode>> byNode = finishedAttemptsByNode(tasks);
        assertThat(Attempts.mostAtOnce(byNode.getOrDefault("slots-x", List.of()))).isLessThanOrEqualTo(1);
        assertThat(Attempts.mostAtOnce(byNode.getOrDefault("slots-y", List.of()))).isLessThanOrEqualTo(3);
        for (long task : tasks) {
            assertThat(claimAttempt(task)).as("task %d's claim was taken by a node that could run it", task)
                    .isEqualTo(1);
        }
    }

    @Test
    void aDisabledNodeAndALoweredLimitStopNewClaimsAtTheNextReport() throws Exception {
        limits(Map.of("enabled", false), Map.of("maxRunners", 1));
        long spider = spider("python3 -c 'import time; time.sleep(0.5)'", Map.of());

        List<Long> tasks = IntStream.range(0, 5).mapToObj(i -> run(spider)).toList();

        Map<String, List<JsonNode>> byNode = finishedAttemptsByNode(tasks);
        assertThat(byNode.keySet()).containsExactly("slots-y");
        assertThat(Attempts.mostAtOnce(byNode.get("slots-y"))).isEqualTo(1);
    }

    @Test
    void manyQueuedTasksAllRunAsSmallRunnersFreeUp() throws Exception {
        limits(Map.of("maxRunners", 1), Map.of("maxRunners", 1));
        long spider = spider("python3 -c 'import time; time.sleep(0.2)'", Map.of());

        List<Long> tasks = IntStream.range(0, 40).mapToObj(i -> run(spider)).toList();

        Map<String, List<JsonNode>> byNode = finishedAttemptsByNode(tasks);
        assertThat(byNode.values().stream().mapToInt(List::size).sum()).isEqualTo(40);
        byNode.forEach((node, attempts) -> assertThat(Attempts.mostAtOnce(attempts)).as(node).isEqualTo(1));
    }

    /** Changes both nodes through the API and waits two of their reports, so both have applied it. */
    private void limits(Map<String, Object> x, Map<String, Object> y) throws InterruptedException {
        assertThat(api.patch("/api/nodes/slots-x", ApiClient.json(x)).status()).isEqualTo(200);
        assertThat(api.patch("/api/nodes/slots-y", ApiClient.json(y)).status()).isEqualTo(200);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!api.get("/api/nodes/slots-x").body().path("online").asBoolean()
                || !api.get("/api/nodes/slots-y").body().path("online").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the nodes are not online: " + api.get("/api/nodes").body());
            }
            Thread.sleep(100);
        }
        Thread.sleep(1500);
    }

    private Map<String, List<JsonNode>> finishedAttemptsByNode(List<Long> tasks) throws InterruptedException {
        Map<String, List<JsonNode>> byNode = new HashMap<>();
        for (long task : tasks) {
            JsonNode finished = awaitStatus(task, "finished");
            JsonNode attempts = finished.get("attempts");
            assertThat(attempts.size()).as("task %d ran once", task).isEqualTo(1);
            byNode.computeIfAbsent(attempts.get(0).get("node").asString(), k -> new ArrayList<>()).add(attempts.get(0));
        }
        return byNode;
    }

    /** The attempt at which the task's claim on the dispatch queue was started: 1 unless a node refused it. */
    private int claimAttempt(long taskId) {
        History history = temporal.fetchHistory("task-" + taskId).getHistory();
        List<Long> dispatchScheduled = new ArrayList<>();
        for (HistoryEvent event : history.getEventsList()) {
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                    && event.getActivityTaskScheduledEventAttributes().getTaskQueue().getName()
                            .equals(TaskQueues.DISPATCH)) {
                dispatchScheduled.add(event.getEventId());
            }
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                    && dispatchScheduled.contains(event.getActivityTaskStartedEventAttributes().getScheduledEventId())) {
                return event.getActivityTaskStartedEventAttributes().getAttempt();
            }
        }
        throw new AssertionError("task " + taskId + " has no claim on " + TaskQueues.DISPATCH + " in its history");
    }
}
