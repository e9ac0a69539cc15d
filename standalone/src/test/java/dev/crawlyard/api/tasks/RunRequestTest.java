package dev.crawlyard.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.InjectedFailures;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.run.RunWorkflow;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A run request makes all its tasks, each with a live workflow, or none; sent again with its
 * {@code Idempotency-Key}, it makes nothing more and answers with the same tasks.
 */
class RunRequestTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkflowClient temporal;

    @Autowired
    NodeStore nodes;

    @Autowired
    TaskStore taskStore;

    @Autowired
    SpiderStore spiderStore;

    private ApiClient.Reply run(long spider, Object body, String key) {
        return api.post("/api/spiders/" + spider + "/run", body == null ? null : ApiClient.json(body),
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private long tasksOf(long spider) {
        return api.get("/api/tasks?spider=" + spider).body().get("total").asLong();
    }

    @Test
    void aRequestSentAgainWithItsIdempotencyKeyMakesNoSecondTask() {
        long spider = spider("true", Map.of());
        String key = "order-" + UUID.randomUUID();

        ApiClient.Reply first = run(spider, null, key);
        ApiClient.Reply again = run(spider, null, key);

        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
        assertThat(first.header("Idempotency-Key")).isEqualTo(key);
        assertThat(tasksOf(spider)).isEqualTo(1);
    }

    @Test
    void aRequestWithoutAKeyGetsOneBackAndEachSuchRequestMakesItsOwnTask() {
        long spider = spider("true", Map.of());

        ApiClient.Reply first = run(spider, null, null);
        ApiClient.Reply second = run(spider, null, null);

        assertThat(first.header("Idempotency-Key")).isNotBlank().isNotEqualTo(second.header("Idempotency-Key"));
        assertThat(second.body().get("id").asLong()).isNotEqualTo(first.body().get("id").asLong());
        assertThat(run(spider, null, first.header("Idempotency-Key")).body().get("id").asLong())
                .isEqualTo(first.body().get("id").asLong());
        assertThat(tasksOf(spider)).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherSpiderIsAnotherRun() {
        String key = "shared-" + UUID.randomUUID();
        long one = spider("true", Map.of());
        long other = spider("true", Map.of());

        long first = run(one, null, key).body().get("id").asLong();
        long second = run(other, null, key).body().get("id").asLong();

        assertThat(first).isNotEqualTo(second);
        assertThat(tasksOf(one)).isEqualTo(1);
        assertThat(tasksOf(other)).isEqualTo(1);
    }

    @Test
    void aBadKeyIs400AndMakesNothing() {
        long spider = spider("true", Map.of());

        ApiClient.Reply spaced = run(spider, null, "two words");
        ApiClient.Reply tooLong = run(spider, null, "k".repeat(201));

        assertThat(spaced.status()).isEqualTo(400);
        assertThat(spaced.body().get("message").asString()).contains("Idempotency-Key");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tasksOf(spider)).isZero();
    }

    @Test
    void aRunWhoseTaskRowsFailPartWayIsMadeWholeByTemporalWithAWorkflowForEachTask() throws Exception {
        long spider = spider("true", Map.of());
        for (String node : List.of("absent-1", "absent-2")) {
            nodes.register(node, "nowhere", node, Map.of(), 1);
        }
        String key = "partway-" + UUID.randomUUID();
        // The first try fails at the third task; with the old code, the first two stayed pending for ever.
        new InjectedFailures(jdbc).failFirstInsert(RunWorkflow.workflowId(spider, key), "absent-2");

        ApiClient.Reply reply = run(spider, Map.of("mode", "selected", "nodes", List.of("in-process", "absent-1",
                "absent-2")), key);

        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        List<Long> ids = new ArrayList<>();
        reply.body().get("tasks").forEach(task -> ids.add(task.get("id").asLong()));
        assertThat(ids).hasSize(3);
        assertThat(tasksOf(spider)).isEqualTo(3);
        for (long id : ids) {
            assertThat(temporal.newUntypedWorkflowStub(TaskRequest.workflowId(id)).describe().getStatus())
                    .isIn(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        }
        assertThat(awaitStatus(ids.getFirst(), "finished").get("node").asString()).isEqualTo("in-process");
        for (long id : ids.subList(1, 3)) {
            api.post("/api/tasks/" + id + "/cancel", null);
            awaitStatus(id, "cancelled");
        }
    }

    @Test
    void cancellingALiveTaskThatHasNoWorkflowIsCarriedOutByItsWorkflowStartedForIt() throws Exception {
        long spider = spider("true", Map.of());
        // A row whose workflow Temporal does not know: its run has not started it yet, or Temporal lost it.
        Task orphan = taskStore.create(new NewTask(spider, "true", Map.of(), Map.of(), Duration.ZERO, 0, 1,
                DispatchMode.SELECTED, "absent-1", false, UUID.randomUUID(), null));
        nodes.register("absent-1", "nowhere", "absent-1", Map.of(), 1);

        ApiClient.Reply cancel = api.post("/api/tasks/" + orphan.id() + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(202);
        JsonNode cancelled = awaitStatus(orphan.id(), "cancelled");
        assertThat(cancelled.get("errorMessage").asString()).isEqualTo("cancelled before a node took the task");
        // The row is written by the workflow's last step; the workflow itself ends just after it.
        WorkflowStub workflow = temporal.newUntypedWorkflowStub(TaskRequest.workflowId(orphan.id()));
        assertThatThrownBy(() -> workflow.getResult(30, TimeUnit.SECONDS, TaskOutcome.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(workflow.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    }
}
