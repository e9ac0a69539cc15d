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
 * The install step is left out only when nothing could call for it: no install command, and a sync
 * that says it wrote no dependency manifest. A node that does not say (one from before) still gets
 * the step, which looks for itself.
 */
@Timeout(60)
class TaskWorkflowInstallStepTest {

    private static final AtomicLong TASK_IDS = new AtomicLong(5000);

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

    private WorkflowStub run(FakeNode node, String installCommand) throws Exception {
        node.register(environment);
        FakeNode.pollDispatch(environment, node);
        environment.start();
        long taskId = TASK_IDS.incrementAndGet();
        TaskWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(TaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(TaskRequest.workflowId(taskId)).build());
        TaskPolicy policy = new TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(1), Duration.ofSeconds(20), 3);
        WorkflowClient.start(workflow::run, new TaskRequest(taskId, 1, "true", Map.of(), Map.of(), Map.of(), policy,
                ItemPolicy.NONE, null, null, installCommand));
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        assertThat(stub.getResult(30, TimeUnit.SECONDS, TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        return stub;
    }

    private long installsScheduled(WorkflowStub workflow) {
        return environment.getWorkflowClient().fetchHistory(workflow.getExecution().getWorkflowId()).getEvents()
                .stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                        .equals(StepWatch.INSTALL))
                .count();
    }

    @Test
    void aSyncThatWroteNoManifestGoesStraightToTheRun() throws Exception {
        FakeNode node = new FakeNode("plain", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        WorkflowStub workflow = run(node, null);

        assertThat(node.installsAsked.get()).isZero();
        assertThat(installsScheduled(workflow)).isZero();
        assertThat(node.runsStarted.get()).isEqualTo(1);
    }

    @Test
    void aManifestInTheWorkspaceGetsItsInstall() throws Exception {
        FakeNode node = new FakeNode("python", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of("requirements.txt"));

        WorkflowStub workflow = run(node, null);

        assertThat(node.installsAsked.get()).isEqualTo(1);
        assertThat(installsScheduled(workflow)).isEqualTo(1);
    }

    @Test
    void anInstallCommandGetsItsInstallWithoutAManifest() throws Exception {
        FakeNode node = new FakeNode("custom", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        run(node, "make deps");

        assertThat(node.installsAsked.get()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotSayWhatItWroteGetsTheInstallStep() throws Exception {
        FakeNode node = new FakeNode("older", Claims.ACCEPT, Runs.EXIT_0);

        run(node, null);

        assertThat(node.installsAsked.get()).isEqualTo(1);
    }
}
