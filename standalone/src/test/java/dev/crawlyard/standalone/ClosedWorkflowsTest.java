package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded Temporal forgets closed workflows after their retention, or beyond the most it
 * keeps, and drops the timers they cancelled ({@link ClosedWorkflows}); an open workflow is kept
 * and goes on, and a closed one within its retention can still be read.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClosedWorkflowsTest {

    private EmbeddedTemporalFixture fixture;
    private EmbeddedTemporal temporal;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;

    @WorkflowInterface
    public interface Steps {
        @WorkflowMethod
        String run(boolean waitForSignal);

        @SignalMethod
        void go();
    }

    @ActivityInterface
    public interface Step {
        String step();
    }

    public static final class StepsImpl implements Steps {
        private final Step step = Workflow.newActivityStub(Step.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofDays(7))
                        .setHeartbeatTimeout(Duration.ofMinutes(1)).build());
        private boolean go;

        @Override
        public String run(boolean waitForSignal) {
            if (waitForSignal) {
                Workflow.await(() -> go);
            }
            return step.step() + step.step();
        }

        @Override
        public void go() {
            go = true;
        }
    }

    private void start(Duration retention, int maxClosed) {
        fixture = EmbeddedTemporalFixture.start(retention, maxClosed, worker -> {
            worker.registerWorkflowImplementationTypes(StepsImpl.class);
            worker.registerActivitiesImplementations((Step) () -> "ok");
        });
        temporal = fixture.temporal;
        stubs = fixture.stubs;
        client = fixture.client;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void closedWorkflowsPastTheirRetentionAreForgottenAndAnOpenOneGoesOn() throws Exception {
        start(Duration.ZERO, 10_000);
        ClosedWorkflows closed = temporal.closedWorkflows().orElseThrow();
        Steps open = stub();
        WorkflowClient.start(open::run, true);
        List<String> ended = runToTheEnd(30);
        // Each step's four timeouts stay queued after it ended, for up to its week-long start-to-close.
        assertThat(closed.timers()).isGreaterThan(30 * 2 * 4);

        assertThat(closed.forget()).isEqualTo(30);

        assertThat(closed.held()).isEqualTo(1);
        // The open workflow's own timers are all that is left (its execution timeout, its workflow
        // tasks' timeouts): the ended workflows' went with them.
        assertThat(closed.timers()).isBetween(1, 5);
        assertThat(closed.idleTimers()).isZero();
        for (String id : ended) {
            StatusRuntimeException gone = catchThrowableOfType(StatusRuntimeException.class, () -> describe(id));
            assertThat(gone).as(id).isNotNull();
            assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        String openId = WorkflowStub.fromTyped(open).getExecution().getWorkflowId();
        assertThat(describe(openId)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        open.go();
        assertThat(WorkflowStub.fromTyped(open).getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("okok");
    }

    @Test
    void closedWorkflowsWithinTheirRetentionAreKeptUpToTheMost() throws Exception {
        start(Duration.ofHours(1), 10);
        ClosedWorkflows closed = temporal.closedWorkflows().orElseThrow();
        List<String> ended = runToTheEnd(25);

        assertThat(closed.forget()).isEqualTo(15);

        assertThat(closed.held()).isEqualTo(10);
        long kept = ended.stream().filter(id -> {
            try {
                return describe(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
            } catch (StatusRuntimeException e) {
                return false;
            }
        }).count();
        assertThat(kept).isEqualTo(10);
        assertThat(closed.forget()).as("nothing more until they expire").isZero();
    }

    private Steps stub() {
        return client.newWorkflowStub(Steps.class, WorkflowOptions.newBuilder()
                .setTaskQueue(EmbeddedTemporalFixture.QUEUE).setWorkflowId("steps-" + UUID.randomUUID()).build());
    }

    private List<String> runToTheEnd(int count) throws Exception {
        List<WorkflowStub> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Steps steps = stub();
            WorkflowClient.start(steps::run, false);
            runs.add(WorkflowStub.fromTyped(steps));
        }
        List<String> ids = new ArrayList<>();
        for (WorkflowStub run : runs) {
            assertThat(run.getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("okok");
            ids.add(run.getExecution().getWorkflowId());
        }
        return ids;
    }

    private WorkflowExecutionStatus describe(String workflowId) {
        return stubs.blockingStub().withDeadlineAfter(20, TimeUnit.SECONDS).describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
                .getWorkflowExecutionInfo().getStatus();
    }
}
