package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.task.FakeNode.Claims;
import dev.crawlyard.workflows.task.FakeNode.Runs;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sync step is left out only for a task with nothing to sync (no version, no inline files, no
 * install command, no container), and only when its node's claim says it made the empty workspace;
 * a node from before, which says nothing, still gets the sync.
 */
@Timeout(60)
class TaskWorkflowSyncStepTest {

    private static final AtomicLong TASK_IDS = new AtomicLong(7000);

    private TestWorkflowEnvironment environment;

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance();
        environment.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS)
                .registerActivitiesImplementations((TaskActivities) request -> { });
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    private record Ran(long taskId, WorkflowStub workflow) {
    }

    private Ran run(FakeNode node, Map<String, String> files, Integer version, String installCommand)
            throws Exception {
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

    private long scheduled(WorkflowStub workflow, String activityType) {
        return environment.getWorkflowClient().fetchHistory(workflow.getExecution().getWorkflowId()).getEvents()
                .stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                        .equals(activityType))
                .count();
    }

    @Test
    void aTaskWithNothingToSyncGoesFromItsClaimToItsRunInTheWorkspaceTheClaimMade() throws Exception {
        FakeNode node = new FakeNode("current", Claims.ACCEPT, Runs.EXIT_0).makingEmptyWorkspaces();

        Ran ran = run(node, Map.of(), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(true);
        assertThat(node.syncsAsked).hasValue(0);
        assertThat(scheduled(ran.workflow(), StepWatch.SYNC)).isZero();
        assertThat(scheduled(ran.workflow(), StepWatch.INSTALL)).isZero();
        assertThat(node.runWorkspaces).containsExactly("/empty/" + ran.taskId());
    }

    @Test
    void aNodeWhoseClaimMakesNoWorkspaceGetsTheSync() throws Exception {
        FakeNode node = new FakeNode("older", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        Ran ran = run(node, Map.of(), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(true);
        assertThat(node.syncsAsked).hasValue(1);
        assertThat(node.runWorkspaces).containsExactly("/nowhere/" + ran.taskId());
    }

    @Test
    void aTaskWithInlineFilesIsSynced() throws Exception {
        FakeNode node = syncingNode("inline");

        Ran ran = run(node, Map.of("main.py", "print(1)"), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(scheduled(ran.workflow(), StepWatch.SYNC)).isEqualTo(1);
        assertThat(node.runWorkspaces).containsExactly("/nowhere/" + ran.taskId());
    }

    @Test
    void aTaskOfAVersionIsSynced() throws Exception {
        FakeNode node = syncingNode("versioned");

        run(node, Map.of(), 3, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(node.syncsAsked).hasValue(1);
    }

    @Test
    void aTaskWithAnInstallCommandIsSyncedAndInstalled() throws Exception {
        FakeNode node = syncingNode("installing");

        run(node, Map.of(), null, "make deps");

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(node.syncsAsked).hasValue(1);
        assertThat(node.installsAsked).hasValue(1);
    }

    private static FakeNode syncingNode(String key) {
        return new FakeNode(key, Claims.ACCEPT, Runs.EXIT_0).makingEmptyWorkspaces().withManifests(List.of());
    }
}
