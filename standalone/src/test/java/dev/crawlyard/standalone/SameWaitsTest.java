package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A task started through the API and a task fired by a schedule get their waits from the same
 * settings ({@code crawlyard.tasks.*}), whichever process made them. The waits are read from what
 * Temporal was given: the input of each task's workflow.
 */
@TestPropertySource(properties = {"crawlyard.tasks.node-wait=77s", "crawlyard.tasks.heartbeat-timeout=19s"})
class SameWaitsTest extends ApiTestBase {

    @Autowired
    WorkflowClient temporal;

    @Test
    void aScheduledTaskAndAnApiTaskGetTheSameWaitsFromTheSameSettings() throws Exception {
        long spider = spider("true", Map.of());
        long byHand = run(spider);
        ApiClient.Reply schedule = api.post("/api/schedules",
                ApiClient.json(Map.of("spider", Long.toString(spider), "cron", "0 3 * * *")));
        assertThat(schedule.status()).as(String.valueOf(schedule.body())).isEqualTo(201);
        long scheduleId = schedule.body().get("id").asLong();
        assertThat(api.post("/api/schedules/" + scheduleId + "/trigger", null).status()).isEqualTo(202);
        long fired = firstTaskOf(scheduleId);

        TaskPolicy startedByHand = workflowInput(byHand).policy();
        TaskPolicy firedBySchedule = workflowInput(fired).policy();

        assertThat(startedByHand.nodeWait()).isEqualTo(Duration.ofSeconds(77));
        assertThat(startedByHand.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(19));
        assertThat(startedByHand.stopGracePeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(firedBySchedule.nodeWait()).isEqualTo(startedByHand.nodeWait());
        assertThat(firedBySchedule.heartbeatTimeout()).isEqualTo(startedByHand.heartbeatTimeout());
        assertThat(firedBySchedule.stopGracePeriod()).isEqualTo(startedByHand.stopGracePeriod());
        awaitStatus(byHand, "finished");
        awaitStatus(fired, "finished");
    }

    private long firstTaskOf(long scheduleId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode tasks = api.get("/api/schedules/" + scheduleId + "/tasks").body();
            JsonNode items = tasks.has("items") ? tasks.get("items") : tasks;
            if (items.size() > 0) {
                return items.get(0).get("id").asLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the triggered schedule " + scheduleId + " made no task");
    }

    /** The input the task's workflow was started with; a firing writes the row just before it starts it. */
    private TaskRequest workflowInput(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HistoryEvent started = null;
        while (started == null) {
            try {
                started = temporal.fetchHistory("task-" + taskId).getHistory().getEvents(0);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        var input = started.getWorkflowExecutionStartedEventAttributes().getInput();
        return DefaultDataConverter.newDefaultInstance()
                .fromPayloads(0, Optional.of(input), TaskRequest.class, TaskRequest.class);
    }
}
