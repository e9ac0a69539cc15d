package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Task workflows run to their end against one fake node, for the tests of which steps a task has. */
final class OneNodeRuns implements AutoCloseable {

    private static final AtomicLong TASK_IDS = new AtomicLong(5000);

    /** A task run to its end, with its workflow for its history. */
    record Ran(long taskId, WorkflowStub workflow) {
    }

    private final TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance();

    OneNodeRuns() {
        environment.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS)
                .registerActivitiesImplementations((TaskActivities) request -> { });
    }

    /** Runs a task of {@code true} with these files, version and install command on {@code node}; it must finish. */
    Ran run(FakeNode node, Map<String, String> files, Integer version, String installCommand) throws Exception {
        node.register(environment);
        FakeNode.pollDispatch(environment, node);
        environment.start();
        long taskId = TASK_IDS.incrementAndGet();
        TaskWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(TaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(TaskRequest.workflowId(taskId)).build());
        TaskPolicy policy = new TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(1), Duration.ofSeconds(20), 3);
        WorkflowClient.start(workflow::run, new TaskRequest(taskId, 1, "true", files, Map.of(), Map.of(), policy,
                ItemPolicy.NONE, null, version, installCommand));
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        assertThat(stub.getResult(30, TimeUnit.SECONDS, TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        return new Ran(taskId, stub);
    }

    /** How many activities of this type the workflow scheduled. */
    long scheduled(WorkflowStub workflow, String activityType) {
        return environment.getWorkflowClient().fetchHistory(workflow.getExecution().getWorkflowId()).getEvents()
                .stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                        .equals(activityType))
                .count();
    }

    @Override
    public void close() {
        environment.close();
    }
}
