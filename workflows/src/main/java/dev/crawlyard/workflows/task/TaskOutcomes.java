package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessResult;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.Locale;

/** The task workflow's reading of how a run ended, as words a user can act on. Pure functions. */
final class TaskOutcomes {

    /** The failure type of a claim that a full or disabled node refused. */
    static final String NODE_FULL = "NODE_FULL";

    private TaskOutcomes() {
    }

    /** How a task ended whose process ran (or was stopped) on {@code nodeKey}. */
    static TaskOutcome ofProcess(TaskRequest request, ProcessResult result, String nodeKey) {
        return switch (result.end()) {
            // The runner's reading of a failure (running out of memory, a signal) is taken as it is;
            // results of runners that predate it carry none.
            case EXITED -> result.exitCode() == 0
                    ? new TaskOutcome(TaskStatus.FINISHED, nodeKey, 0, StopMode.NONE, null, null)
                    : new TaskOutcome(TaskStatus.ERROR, nodeKey, result.exitCode(), StopMode.NONE,
                            result.errorKind() == null ? ErrorKind.SPIDER : result.errorKind(),
                            result.errorMessage() == null ? "the spider exited with code " + result.exitCode()
                                    : result.errorMessage());
            case TIMED_OUT -> new TaskOutcome(TaskStatus.TIMED_OUT, nodeKey, null, result.stopMode(), null,
                    "stopped after its runtime limit of " + describe(request.policy().runtimeLimit()));
            case STOPPED -> new TaskOutcome(TaskStatus.CANCELLED, nodeKey, null, result.stopMode(), null,
                    "stopped on its node");
        };
    }

    /**
     * Where the task's last attempt had got to when a step failed.
     *
     * @param nodeKey       the node of the failed attempt, or null if none took it
     * @param reassigned    a pinned task went to random dispatch
     * @param nodesLost     how many nodes the task lost, this one included
     * @param nodeQueueWait how long the steps after the claim waited for their node
     */
    record Attempted(String nodeKey, boolean reassigned, int nodesLost, Duration nodeQueueWait) {
    }

    /**
     * How a task ended whose step failed: a timeout is the platform's (the task ends abnormal), an
     * application failure is typed by its kind.
     */
    static TaskOutcome ofFailure(TaskRequest request, ActivityFailure failure, Attempted attempted) {
        String step = failure.getActivityType();
        String nodeKey = attempted.nodeKey();
        if (nodeKey == null && outOfNodeWait(failure) && !(failure.getCause() instanceof TimeoutFailure)) {
            // Nodes polled and refused the claim until the node wait was over.
            return TaskOutcome.failed(TaskStatus.ABNORMAL, null, ErrorKind.SYSTEM, noNodeTook(request, attempted));
        }
        if (failure.getCause() instanceof TimeoutFailure timeout) {
            String message = switch (timeout.getTimeoutType()) {
                case TIMEOUT_TYPE_SCHEDULE_TO_START, TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> nodeKey == null
                        ? noNodeTook(request, attempted)
                        : "node " + nodeKey + " did not take the task's " + step + " step within "
                                + describe(attempted.nodeQueueWait()) + "; the node is gone or stuck" + lost(attempted);
                case TIMEOUT_TYPE_HEARTBEAT -> "lost node " + nodeKey + ": it stopped heartbeating during the "
                        + step + " step" + lost(attempted);
                default -> "the " + step + " step on node " + nodeKey + " timed out";
            };
            return TaskOutcome.failed(TaskStatus.ABNORMAL, nodeKey, ErrorKind.SYSTEM, message);
        }
        if (failure.getCause() instanceof ApplicationFailure stopped
                && ProcessActivities.NODE_STOPPED.equals(stopped.getType())) {
            return TaskOutcome.failed(TaskStatus.ABNORMAL, nodeKey, ErrorKind.SYSTEM,
                    stopped.getOriginalMessage() + lost(attempted));
        }
        if (failure.getCause() instanceof ApplicationFailure application) {
            ErrorKind kind = errorKindOf(application.getType());
            // The spider's own trouble (its code, its settings, its dependencies, its image) ends it in
            // error; anything else is the platform's and ends it abnormal.
            TaskStatus ending = kind == ErrorKind.SPIDER || kind == ErrorKind.CONFIG || kind == ErrorKind.DEPENDENCIES
                    || kind == ErrorKind.CONTAINER ? TaskStatus.ERROR : TaskStatus.ABNORMAL;
            return TaskOutcome.failed(ending, nodeKey, kind, step + ": " + application.getOriginalMessage());
        }
        return TaskOutcome.failed(TaskStatus.ABNORMAL, nodeKey, ErrorKind.SYSTEM, step + ": " + failure.getMessage());
    }

    /** How a task ended whose node lost a step ({@link StepWatch}) once too often to dispatch it again. */
    static TaskOutcome ofLostStep(String message, Attempted attempted) {
        return TaskOutcome.failed(TaskStatus.ABNORMAL, attempted.nodeKey(), ErrorKind.SYSTEM,
                "lost node: " + message + lost(attempted));
    }

    /**
     * Whether a claim ended because its node wait was over: no node took it at all (a timeout), or
     * the nodes that polled refused it until the wait left no time for another offer.
     */
    static boolean outOfNodeWait(ActivityFailure failure) {
        return failure.getCause() instanceof TimeoutFailure
                || (failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT
                        && failure.getCause() instanceof ApplicationFailure refused
                        && NODE_FULL.equals(refused.getType()));
    }

    private static String noNodeTook(TaskRequest request, Attempted attempted) {
        return request.dispatch().pinned() && !attempted.reassigned()
                ? "node unavailable: node " + request.dispatch().pinnedNode() + " did not take the task within "
                        + describe(request.policy().nodeWait())
                : "no node took the task within " + describe(request.policy().nodeWait());
    }

    /** Why a lost node ended the task rather than sending it back to dispatch. */
    private static String lost(Attempted attempted) {
        return attempted.nodesLost() == 0 ? ""
                : " (gave up after " + attempted.nodesLost() + " lost node" + (attempted.nodesLost() == 1 ? "" : "s") + ")";
    }

    private static ErrorKind errorKindOf(String failureType) {
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.name().equals(failureType)) {
                return kind;
            }
        }
        return ErrorKind.SYSTEM;
    }

    /** "PT1M30S" reads as "1m30s". */
    static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
