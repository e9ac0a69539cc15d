package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.steps.StepActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The task workflow's steps with their timeouts and retries, each next to the reason for it. Every
 * wait of a task is one of these bounds. Called from workflow code only.
 */
final class TaskSteps {

    /**
     * How long one claim may take on the node that took it: a runner and a row or two, well under a
     * second. A claim handed to a node that died while polling is offered again after this, so it is
     * part of the time a lost task takes to run again (Temporal's test server hands tasks to the polls
     * of killed processes for a while).
     */
    static final Duration CLAIM_TIME = Duration.ofSeconds(5);

    /** A backstop for processes without a runtime limit; the runner enforces real limits itself. */
    static final Duration UNLIMITED_RUN_BACKSTOP = Duration.ofDays(7);

    /** How long one sync of a spider's files may take. */
    static final Duration SYNC_TIME = Duration.ofMinutes(10);

    /** How long a node may take to pick up a stop: longer, and it is gone, and so is its process. */
    static final Duration STOP_PICK_UP = Duration.ofSeconds(30);

    /** A refused claim (the node was full) is offered again soon, as often as the node wait allows. */
    private static final RetryOptions CLAIM_RETRIES = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(200))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(2))
            .build();

    /** Short platform steps retry transient trouble (a database blip) a few times with backoff. */
    private static final RetryOptions TRANSIENT_RETRIES = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(30))
            .setMaximumAttempts(5)
            .build();

    private TaskSteps() {
    }

    /** The claim, on the dispatch queue or a pinned node's: the node wait bounds every try and every refusal. */
    static DispatchActivities claims(String queue, TaskPolicy policy, ActivityCancellationType onCancel) {
        return Workflow.newActivityStub(DispatchActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setCancellationType(onCancel)
                .setScheduleToStartTimeout(policy.nodeWait())
                // A refused claim is offered again only while the node wait lasts, counted from the first offer.
                .setScheduleToCloseTimeout(policy.nodeWait())
                // A claim handed to a node that died while polling is offered again after this.
                .setStartToCloseTimeout(CLAIM_TIME)
                .setRetryOptions(CLAIM_RETRIES)
                .build());
    }

    /** The sync as it claimed the task before the claim step: refusals stretched it by a sync's time. */
    static FileActivities legacyClaimingSync(String queue, TaskPolicy policy) {
        return Workflow.newActivityStub(FileActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setScheduleToStartTimeout(policy.nodeWait())
                .setScheduleToCloseTimeout(policy.nodeWait().plus(SYNC_TIME))
                .setStartToCloseTimeout(SYNC_TIME)
                .setHeartbeatTimeout(policy.heartbeatTimeout())
                .setRetryOptions(CLAIM_RETRIES)
                .build());
    }

    /** The sync on the node that claimed the attempt. */
    static FileActivities files(String node, TaskPolicy policy, Duration nodeQueueWait,
            ActivityCancellationType onCancel) {
        return Workflow.newActivityStub(FileActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setCancellationType(onCancel)
                .setScheduleToStartTimeout(nodeQueueWait)
                .setStartToCloseTimeout(SYNC_TIME)
                // A sync on a node that died is noticed by its missing heartbeats.
                .setHeartbeatTimeout(policy.heartbeatTimeout())
                .setRetryOptions(TRANSIENT_RETRIES)
                .build());
    }

    /**
     * The dependency install. Installs can be slow (a pip or npm install), so they get half an hour
     * per try; the node's own install timeout (15 minutes by default) stops a hung install well
     * before that. The install heartbeats meanwhile, so that an install on a node that died is noticed.
     */
    static DependencyActivities dependencies(String node, TaskPolicy policy, Duration nodeQueueWait,
            ActivityCancellationType onCancel) {
        return Workflow.newActivityStub(DependencyActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setCancellationType(onCancel)
                .setScheduleToStartTimeout(nodeQueueWait)
                .setStartToCloseTimeout(Duration.ofMinutes(30))
                .setHeartbeatTimeout(policy.heartbeatTimeout())
                .setRetryOptions(TRANSIENT_RETRIES)
                .build());
    }

    /** The spider's run: bounded by its runtime limit (the runner stops it), else by a backstop. */
    static ProcessActivities processes(String node, TaskPolicy policy, Duration nodeQueueWait,
            ActivityCancellationType onCancel) {
        Duration startToClose = policy.hasRuntimeLimit()
                ? policy.runtimeLimit().plus(policy.stopGracePeriod()).plusMinutes(1)
                : UNLIMITED_RUN_BACKSTOP;
        return Workflow.newActivityStub(ProcessActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setScheduleToStartTimeout(nodeQueueWait)
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(policy.heartbeatTimeout())
                // Running the spider again is a decision about the spider, not a transport retry.
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                // The stop activity does the stopping; the workflow need not wait for the runner to notice.
                .setCancellationType(onCancel)
                .build());
    }

    /** The stop of a cancelled task's process. */
    static ProcessActivities stopper(String node, TaskPolicy policy) {
        return Workflow.newActivityStub(ProcessActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setScheduleToStartTimeout(STOP_PICK_UP)
                .setStartToCloseTimeout(policy.stopGracePeriod().plusSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
    }

    /**
     * The question whether a node is at work on a step ({@link StepWatch}): a node that does not take
     * it within the heartbeat timeout is gone; answering takes a moment, and it is asked once.
     */
    static StepActivities stepWatcher(String node, TaskPolicy policy) {
        return Workflow.newActivityStub(StepActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setCancellationType(ActivityCancellationType.ABANDON)
                .setScheduleToStartTimeout(policy.heartbeatTimeout())
                .setStartToCloseTimeout(CLAIM_TIME)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }
}
