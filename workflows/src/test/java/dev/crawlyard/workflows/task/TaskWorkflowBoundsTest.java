package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.workflows.task.FakeNode.Claims;
import dev.crawlyard.workflows.task.FakeNode.Runs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every wait of the task workflow ends at the bound its setting gives, whatever the nodes do: none
 * polls, nodes poll and refuse, a node takes a step and dies, a node never takes its next step.
 * Under the time-skipping test environment; the test server does not skip time while an activity
 * is outstanding, so the settings here are seconds, and every result is awaited with a bound far
 * below what the wait would be without its own bound.
 */
class TaskWorkflowBoundsTest {

    /** Far below the 10 minutes that refusals used to add to the node wait, and the minute a step waited for its node. */
    private static final long RESULT_BOUND_SECONDS = 45;

    private static final AtomicLong TASK_IDS = new AtomicLong(1000);

    private TestWorkflowEnvironment environment;
    private final List<TaskOutcome> finalized = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance();
        environment.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS)
                .registerActivitiesImplementations((TaskActivities) request -> finalized.add(request.outcome()));
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    private static TaskPolicy policy(Duration nodeWait, Duration heartbeat, int maxLostNodes) {
        return new TaskPolicy(null, 0, 1, null, nodeWait, Duration.ofSeconds(1), heartbeat, maxLostNodes);
    }

    private WorkflowStub launch(TaskPolicy policy, Dispatch dispatch) {
        environment.start();
        long taskId = TASK_IDS.incrementAndGet();
        TaskWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(TaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(TaskRequest.workflowId(taskId)).build());
        WorkflowClient.start(workflow::run, new TaskRequest(taskId, 1, "true", Map.of(), Map.of(), Map.of(), policy,
                ItemPolicy.NONE, dispatch, null, null));
        return WorkflowStub.fromTyped(workflow);
    }

    private static TaskOutcome outcome(WorkflowStub workflow) throws Exception {
        return workflow.getResult(RESULT_BOUND_SECONDS, TimeUnit.SECONDS, TaskOutcome.class);
    }

    @Test
    void aTaskThatNoNodePollsForEndsAbnormalAtItsNodeWait() throws Exception {
        TaskOutcome outcome = outcome(launch(policy(Duration.ofSeconds(2), null, 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("no node took the task within 2s");
        assertThat(finalized).containsExactly(outcome);
    }

    @Test
    void nodesThatPollAndRefuseDoNotStretchTheNodeWait() throws Exception {
        FakeNode full = new FakeNode("full", Claims.REFUSE, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, full);

        TaskOutcome outcome = outcome(launch(policy(Duration.ofSeconds(3), null, 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("no node took the task within 3s");
        assertThat(full.claimsAsked.get()).isGreaterThan(1);
        assertThat(full.runsStarted.get()).isZero();
    }

    @Test
    void aPinnedTaskWhoseNodeKeepsRefusingEndsAtTheNodeWaitAsNodeUnavailable() throws Exception {
        FakeNode pinned = new FakeNode("pinned", Claims.REFUSE, Runs.EXIT_0).register(environment);

        TaskOutcome outcome = outcome(launch(policy(Duration.ofSeconds(3), null, 3), new Dispatch("pinned", false)));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("node unavailable: node pinned did not take the task within 3s");
        assertThat(pinned.claimsAsked.get()).isGreaterThan(1);
    }

    @Test
    void aPinnedTaskThatMayBeReassignedRunsOnAnotherNodeAfterTheNodeWait() throws Exception {
        new FakeNode("pinned", Claims.REFUSE, Runs.EXIT_0).register(environment);
        FakeNode other = new FakeNode("other", Claims.ACCEPT, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, other);

        TaskOutcome outcome = outcome(launch(policy(Duration.ofSeconds(2), null, 3), new Dispatch("pinned", true)));

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("other");
        assertThat(other.runsStarted.get()).isEqualTo(1);
    }

    @Test
    void aClaimTakenByANodeThatDiesIsOfferedAgainAfterTheClaimTime() throws Exception {
        FakeNode node = new FakeNode("node", Claims.HANG_ON_FIRST_TRY, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, node);

        TaskOutcome outcome = outcome(launch(policy(Duration.ofSeconds(40), null, 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(node.claimsAsked.get()).isEqualTo(2);
    }

    @Test
    void aNodeThatStopsHeartbeatingSendsTheTaskBackToDispatchAfterTheHeartbeatTimeout() throws Exception {
        FakeNode dying = new FakeNode("dying", Claims.FIRST_ATTEMPT_ONLY, Runs.DIE_SILENTLY).register(environment);
        FakeNode healthy = new FakeNode("healthy", Claims.LATER_ATTEMPTS_ONLY, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, dying, healthy);
        WorkflowStub workflow = launch(policy(null, Duration.ofSeconds(1), 3), null);

        TaskOutcome outcome = outcome(workflow);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("healthy");
        assertThat(dying.runsStarted.get()).isEqualTo(1);
        assertThat(healthy.runsStarted.get()).isEqualTo(1);
        assertThat(workflow.query("snapshot", TaskSnapshot.class).attempt()).isEqualTo(2);
    }

    @Test
    void aTaskEndsOnItsThirdLostNodeAndItsMessageSaysThree() throws Exception {
        FakeNode dying = new FakeNode("dying", Claims.ACCEPT, Runs.DIE_SILENTLY).register(environment);
        FakeNode.pollDispatch(environment, dying);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(dying.runsStarted.get()).isEqualTo(3);
        assertThat(outcome.errorMessage()).isEqualTo(
                "lost node dying: it stopped heartbeating during the RunProcess step (gave up after 3 lost nodes)");
    }

    @Test
    void withAtMostOneLostNodeTheFirstLossEndsTheTask() throws Exception {
        FakeNode dying = new FakeNode("dying", Claims.ACCEPT, Runs.DIE_SILENTLY).register(environment);
        FakeNode.pollDispatch(environment, dying);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 1), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(dying.runsStarted.get()).isEqualTo(1);
        assertThat(outcome.errorMessage()).endsWith("(gave up after 1 lost node)");
    }

    @Test
    void aTaskWhoseNodesKeepStoppingUnderItEndsOnTheLostNodeLimitWithTheNodesMessage() throws Exception {
        FakeNode stopping = new FakeNode("stopping", Claims.ACCEPT, Runs.STOPPED_WITH_NODE).register(environment);
        FakeNode.pollDispatch(environment, stopping);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 2), null));

        // Sent back to dispatch once (the spider's one attempt untouched), then ended on the second stop.
        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(stopping.runsStarted.get()).isEqualTo(2);
        assertThat(outcome.errorMessage()).isEqualTo("node stopping stopped during this attempt; its spider was"
                + " stopped (graceful) (gave up after 2 lost nodes)");
    }

    @Test
    void aNodeThatClaimsButNeverTakesItsNextStepIsLostAfterTheHeartbeatTimeout() throws Exception {
        // It polls the dispatch queue, but nothing polls its own queue.
        FakeNode half = new FakeNode("half", Claims.ACCEPT, Runs.EXIT_0);
        FakeNode.pollDispatch(environment, half);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 2), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("node half did not take the task's SyncFiles step within 1s;"
                + " the node is gone or stuck (gave up after 2 lost nodes)");
        assertThat(half.claimsAsked.get()).isEqualTo(2);
    }

    @Test
    void aFailingSpiderIsRetriedAfterItsBackoffDoubledEachTime() throws Exception {
        FakeNode node = new FakeNode("node", Claims.ACCEPT, Runs.EXIT_1).register(environment);
        FakeNode.pollDispatch(environment, node);
        TaskPolicy retrying = new TaskPolicy(null, 0, 3, Duration.ofHours(1), null, null, null, 3);

        TaskOutcome outcome = outcome(launch(retrying, null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(node.runsStarted.get()).isEqualTo(3);
        // On the test server's clock, which skips the backoffs: one hour, then two.
        var at = node.runsScheduledAt;
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofHours(2));
    }

    @Test
    void aStepLostOnItsWayToTheNodeSendsTheTaskBackToDispatch() throws Exception {
        FakeNode losing = new FakeNode("losing", Claims.FIRST_ATTEMPT_ONLY, Runs.LOST_ON_THE_WAY).register(environment);
        FakeNode healthy = new FakeNode("healthy", Claims.LATER_ATTEMPTS_ONLY, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, losing, healthy);
        WorkflowStub workflow = launch(policy(null, Duration.ofSeconds(1), 3), null);

        TaskOutcome outcome = outcome(workflow);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("healthy");
        assertThat(losing.stepQuestions.get()).isEqualTo(1);
        assertThat(healthy.runsStarted.get()).isEqualTo(1);
        assertThat(workflow.query("snapshot", TaskSnapshot.class).attempt()).isEqualTo(2);
    }

    @Test
    void aTaskWhoseStepsAreLostOnceTooOftenEndsAbnormalSayingSo() throws Exception {
        FakeNode losing = new FakeNode("losing", Claims.ACCEPT, Runs.LOST_ON_THE_WAY).register(environment);
        FakeNode.pollDispatch(environment, losing);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 2), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("lost node: node losing was not at work on the task's RunProcess"
                + " step 1s after it was sent (gave up after 2 lost nodes)");
        assertThat(losing.claimsAsked.get()).isEqualTo(2);
    }

    @Test
    void aStepItsNodeIsAtWorkOnRunsToItsEndHoweverLongItTakes() throws Exception {
        FakeNode slow = new FakeNode("slow", Claims.ACCEPT, Runs.SLOW).register(environment);
        FakeNode.pollDispatch(environment, slow);
        WorkflowStub workflow = launch(policy(null, Duration.ofSeconds(1), 3), null);

        TaskOutcome outcome = outcome(workflow);

        // Asked once, a heartbeat timeout in; from then on Temporal's heartbeat timeout bounds it.
        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(slow.runsStarted.get()).isEqualTo(1);
        assertThat(slow.claimsAsked.get()).isEqualTo(1);
        assertThat(slow.stepQuestions.get()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotAnswerWhetherItWorksOnTheStepIsTakenForGone() throws Exception {
        FakeNode mute = new FakeNode("mute", Claims.FIRST_ATTEMPT_ONLY, Runs.SLOW_AND_MUTE).register(environment);
        FakeNode healthy = new FakeNode("healthy", Claims.LATER_ATTEMPTS_ONLY, Runs.EXIT_0).register(environment);
        FakeNode.pollDispatch(environment, mute, healthy);

        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(1), 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("healthy");
        assertThat(mute.stepQuestions.get()).isEqualTo(1);
        assertThat(healthy.runsStarted.get()).isEqualTo(1);
    }

    @Test
    void aStepThatEndsWithinTheHeartbeatTimeoutIsNeverAskedAbout() throws Exception {
        FakeNode slow = new FakeNode("slow", Claims.ACCEPT, Runs.SLOW).register(environment);
        FakeNode.pollDispatch(environment, slow);

        // The heartbeat timeout is longer than the run.
        TaskOutcome outcome = outcome(launch(policy(null, Duration.ofSeconds(12), 3), null));

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(slow.runsStarted.get()).isEqualTo(1);
        assertThat(slow.stepQuestions.get()).isZero();
    }

    @Test
    void aTaskCancelledWhileTheWatchAsksItsNodeEndsCancelledWithoutGoingBackToDispatch() throws Exception {
        FakeNode mute = new FakeNode("mute", Claims.ACCEPT, Runs.SLOW_AND_MUTE).register(environment);
        FakeNode.pollDispatch(environment, mute);
        WorkflowStub workflow = launch(policy(null, Duration.ofSeconds(1), 3), null);

        // The watch asks one heartbeat timeout after the run was sent; the node takes its time to answer.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mute.stepQuestions.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mute.stepQuestions.get()).as("the watch asked the node").isEqualTo(1);
        workflow.cancel();

        assertThatThrownBy(() -> outcome(workflow)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(finalized).extracting(TaskOutcome::status).containsExactly(TaskStatus.CANCELLED);
        assertThat(finalized.getFirst().nodeKey()).isEqualTo("mute");
        // Cancelled, not taken for a lost node: the task never went back to dispatch.
        assertThat(mute.claimsAsked.get()).isEqualTo(1);
        assertThat(mute.runsStarted.get()).isEqualTo(1);
    }
}
