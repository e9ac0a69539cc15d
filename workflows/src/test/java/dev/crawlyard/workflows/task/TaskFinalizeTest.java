package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.task.FakeNode.Claims;
import dev.crawlyard.workflows.task.FakeNode.Runs;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outcome is written by a local activity of the workflow's host: retried there while the
 * database is away (here: a finalize that fails twice), and never through the workflows' queue.
 */
@Timeout(60)
class TaskFinalizeTest {

    private TestWorkflowEnvironment environment;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<TaskOutcome> written = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance();
        environment.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS)
                .registerActivitiesImplementations((TaskActivities) request -> {
                    if (calls.incrementAndGet() <= 2) {
                        throw new IllegalStateException("the database is away");
                    }
                    written.add(request.outcome());
                });
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    void aFinalizeThatFailsIsRetriedLocallyUntilTheOutcomeIsWritten() throws Exception {
        FakeNode node = new FakeNode("final", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of()).register(environment);
        FakeNode.pollDispatch(environment, node);
        environment.start();
        TaskWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(TaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(TaskRequest.workflowId(7001)).build());
        TaskPolicy policy = new TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(1), Duration.ofSeconds(20), 3);
        WorkflowClient.start(workflow::run, new TaskRequest(7001, 1, "true", Map.of(), Map.of(), Map.of(), policy,
                ItemPolicy.NONE, null, null, null));

        TaskOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(45, TimeUnit.SECONDS, TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(written).extracting(TaskOutcome::status).containsExactly(TaskStatus.FINISHED);
        List<HistoryEvent> events = environment.getWorkflowClient().fetchHistory(TaskRequest.workflowId(7001))
                .getEvents();
        assertThat(events).filteredOn(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                .containsExactly("Claim", "SyncFiles", "RunProcess");
        assertThat(events).filteredOn(HistoryEvent::hasMarkerRecordedEventAttributes)
                .extracting(e -> e.getMarkerRecordedEventAttributes().getMarkerName()).contains("LocalActivity");
    }
}
