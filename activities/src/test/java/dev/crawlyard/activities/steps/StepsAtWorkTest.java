package dev.crawlyard.activities.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessEnd;
import dev.crawlyard.workflows.processes.ProcessResult;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.processes.StopRequest;
import dev.crawlyard.workflows.processes.StopResult;
import dev.crawlyard.workflows.steps.StepQuery;
import dev.crawlyard.workflows.task.StopMode;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's registry of steps at work, fed by its real Temporal worker: a step counts from the moment
 * the worker runs it until it ends, however it ends, and only for its own workflow and type.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StepsAtWorkTest {

    private static final String QUEUE = "steps-at-work";

    @WorkflowInterface
    public interface OneRun {
        @WorkflowMethod
        String run(boolean fail);
    }

    public static final class OneRunImpl implements OneRun {
        @Override
        public String run(boolean fail) {
            ProcessActivities node = Workflow.newActivityStub(ProcessActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());
            try {
                return node.runProcess(new RunRequest(1, 1, 1, "/w", fail ? "fail" : "ok", null, null, null, null, null))
                        .end().name();
            } catch (io.temporal.failure.ActivityFailure e) {
                return "failed";
            }
        }
    }

    /** A run that holds until the test lets it go, then ends or throws as its command says. */
    private static final class HeldRun implements ProcessActivities {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public ProcessResult runProcess(RunRequest request) {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (request.command().equals("fail")) {
                throw new IllegalStateException("the run failed");
            }
            return new ProcessResult(ProcessEnd.EXITED, 0, StopMode.NONE, 0, 0);
        }

        @Override
        public StopResult stopProcess(StopRequest request) {
            return new StopResult(false, StopMode.NONE);
        }
    }

    private final StepsAtWork steps = new StepsAtWork();
    private final HeldRun run = new HeldRun();
    private TestWorkflowEnvironment environment;

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(steps).build())
                .build());
        var worker = environment.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(OneRunImpl.class);
        worker.registerActivitiesImplementations(run);
        environment.start();
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    private WorkflowStub launch(String workflowId, boolean fail) {
        OneRun workflow = environment.getWorkflowClient().newWorkflowStub(OneRun.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        WorkflowClient.start(workflow::run, fail);
        return WorkflowStub.fromTyped(workflow);
    }

    @Test
    void aStepIsAtWorkWhileItRunsAndOnlyForItsOwnWorkflowAndType() throws Exception {
        WorkflowStub workflow = launch("task-1", false);
        assertThat(run.started.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(steps.stepAtWork(new StepQuery("task-1", "RunProcess"))).isTrue();
        assertThat(steps.stepAtWork(new StepQuery("task-1", "SyncFiles"))).isFalse();
        assertThat(steps.stepAtWork(new StepQuery("task-2", "RunProcess"))).isFalse();

        run.release.countDown();
        assertThat(workflow.getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("EXITED");
        // The run left the registry before its result went to Temporal.
        assertThat(steps.stepAtWork(new StepQuery("task-1", "RunProcess"))).isFalse();
    }

    @Test
    void aStepThatFailsIsNoLongerAtWork() throws Exception {
        WorkflowStub workflow = launch("task-3", true);
        assertThat(run.started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(steps.stepAtWork(new StepQuery("task-3", "RunProcess"))).isTrue();

        run.release.countDown();

        assertThat(workflow.getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("failed");
        assertThat(steps.stepAtWork(new StepQuery("task-3", "RunProcess"))).isFalse();
    }
}
