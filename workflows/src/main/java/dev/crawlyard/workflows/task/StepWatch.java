package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.steps.StepQuery;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * A step on a node, watched from the workflow, so that a step lost on its way to the node cannot
 * hold the task for ever. Temporal bounds a step by its heartbeat timeout once the node works on it;
 * but a step can be lost before that: Temporal's test server (the standalone platform's) hands a
 * step to a poll of a node killed a moment before and then never times it out (the chaos bench saw
 * three such tasks stay {@code preparing}). So a step still out after the heartbeat timeout is asked
 * after on its node: a node at work on it keeps it (its heartbeats bound it from then on); a node
 * that is not, or that takes no question within the heartbeat timeout, has lost it, and the task
 * goes back to dispatch as after any lost node: at most two heartbeat timeouts (and a few seconds)
 * after the step was sent. Steps that end sooner, nearly all, cost a timer.
 */
final class StepWatch {

    private static final Logger log = Workflow.getLogger(StepWatch.class);

    /** The activity types of the watched steps, as the node's step registry knows them. */
    static final String SYNC = "SyncFiles";
    static final String INSTALL = "InstallDependencies";
    static final String RUN = "RunProcess";

    /** How long a step the node is not at work on may still end by itself: its result may be on its way. */
    static final Duration LOST_STEP_GRACE = Duration.ofSeconds(5);

    /** The step was lost on its way to its node; the task goes back to dispatch. */
    static final class StepLost extends RuntimeException {
        StepLost(String message) {
            super(message, null, false, false);
        }
    }

    private StepWatch() {
    }

    /**
     * Starts the step and waits for its result, watching it as above.
     *
     * @param start schedules the step (an {@code Async} call of its stub) and gives its promise
     * @throws StepLost the node lost the step
     */
    static <T> T await(String node, String activityType, TaskPolicy policy, Functions.Func<Promise<T>> start) {
        @SuppressWarnings("unchecked")
        Promise<T>[] scheduled = new Promise[1];
        // Its own scope, so that a lost step can be abandoned without cancelling the workflow.
        CancellationScope stepScope = Workflow.newCancellationScope(() -> {
            scheduled[0] = start.apply();
        });
        stepScope.run();
        Promise<T> step = scheduled[0];
        Duration look = policy.heartbeatTimeout();
        if (Workflow.await(look, step::isCompleted)) {
            return step.get();
        }
        // The question races the step: a step that ends meanwhile (its node died and its heartbeat
        // timeout fired, or it finished) is taken as it ended, and the question is dropped.
        @SuppressWarnings("unchecked")
        Promise<Boolean>[] asked = new Promise[1];
        CancellationScope questionScope = Workflow.newCancellationScope(() -> {
            asked[0] = Async.function(TaskSteps.stepWatcher(node, policy)::stepAtWork,
                    new StepQuery(Workflow.getInfo().getWorkflowId(), activityType));
        });
        questionScope.run();
        Promise<Boolean> answer = asked[0];
        // The question's own timeouts bound it; the workflow bounds it too, whatever the server does.
        Workflow.await(look.plus(TaskSteps.CLAIM_TIME), () -> step.isCompleted() || answer.isCompleted());
        if (step.isCompleted()) {
            questionScope.cancel();
            return step.get();
        }
        Answer said = answer.isCompleted() ? read(answer, node, activityType) : Answer.GONE;
        if (!answer.isCompleted()) {
            questionScope.cancel();
        }
        if (said == Answer.AT_WORK) {
            return step.get();
        }
        // A node that says it is not at work on the step may yet have its result on the way.
        if (said == Answer.NOT_AT_WORK && Workflow.await(LOST_STEP_GRACE, step::isCompleted)) {
            return step.get();
        }
        stepScope.cancel();
        throw new StepLost(said == Answer.GONE
                ? "node " + node + " was asked about the task's " + activityType + " step "
                        + TaskOutcomes.describe(look) + " after it was sent and did not answer within "
                        + TaskOutcomes.describe(look)
                : "node " + node + " was not at work on the task's " + activityType + " step "
                        + TaskOutcomes.describe(look) + " after it was sent");
    }

    private enum Answer { AT_WORK, NOT_AT_WORK, GONE }

    /**
     * The node's answer. A node that takes no question within the heartbeat timeout is gone; one
     * that cannot answer (a node of an earlier version) is taken at its word that it works, and
     * Temporal's own timeouts bound the step as before.
     */
    private static Answer read(Promise<Boolean> answer, String node, String activityType) {
        try {
            return answer.get() ? Answer.AT_WORK : Answer.NOT_AT_WORK;
        } catch (ActivityFailure failure) {
            if (failure.getCause() instanceof TimeoutFailure) {
                return Answer.GONE;
            }
            if (failure.getCause() instanceof CanceledFailure) {
                throw failure;
            }
            log.warn("node {} could not say whether it works on the {} step ({}); waiting for the step",
                    node, activityType, failure.getMessage());
            return Answer.AT_WORK;
        }
    }
}
