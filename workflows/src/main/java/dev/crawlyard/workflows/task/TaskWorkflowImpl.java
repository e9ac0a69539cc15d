package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.dependencies.InstallResult;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.files.SyncRequest;
import dev.crawlyard.workflows.files.SyncResult;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessResult;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.processes.StopRequest;
import dev.crawlyard.workflows.processes.StopResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The task's orchestration. Deterministic and free of I/O: every effect is an activity, every wait
 * is bounded by a Temporal timeout, and the decisions about what a timeout means are made here.
 */
public final class TaskWorkflowImpl implements TaskWorkflow {

    private static final Logger log = Workflow.getLogger(TaskWorkflowImpl.class);

    /**
     * Once a node has taken a task, its next steps wait on that node's queue at most this long: a
     * node that just claimed the task is alive and polling, so a longer wait means it went away.
     */
    static final Duration NODE_QUEUE_WAIT = Duration.ofMinutes(1);

    /** A backstop for processes without a runtime limit; the runner enforces real limits itself. */
    static final Duration UNLIMITED_RUN_BACKSTOP = Duration.ofDays(7);

    /** How long one sync of a spider's files may take. */
    static final Duration SYNC_TIME = Duration.ofMinutes(10);

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

    /**
     * Finalize only writes the task's row, so 30 s per attempt is ample; it retries until it
     * succeeds (for up to a day) because a task whose outcome is never written would look stuck.
     */
    private final TaskActivities tasks = Workflow.newActivityStub(TaskActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setScheduleToCloseTimeout(Duration.ofDays(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
                    .build());

    /** How many times a lost node may send a task back to dispatch before it ends abnormal. */
    static final int MAX_NODES_LOST = 3;

    private TaskStatus status = TaskStatus.PENDING;
    private String nodeKey;
    private int attempt;
    private boolean reassigned;

    @Override
    public TaskOutcome run(TaskRequest request) {
        TaskOutcome outcome;
        CanceledFailure cancellation = null;
        try {
            outcome = execute(request);
        } catch (CanceledFailure e) {
            cancellation = e;
            outcome = stopAfterCancel(request);
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure canceled) {
                cancellation = canceled;
                outcome = stopAfterCancel(request);
            } else {
                outcome = TaskOutcomes.ofFailure(request, e, nodeKey, reassigned);
            }
        }
        status = outcome.status();
        TaskOutcome recorded = outcome;
        // The outcome is written even when the workflow itself was cancelled.
        Workflow.newDetachedCancellationScope(
                () -> tasks.finalizeTask(new FinalizeRequest(request.taskId(), recorded))).run();
        log.info("task {} ended {}", request.taskId(), recorded.status().wireName());
        if (cancellation != null) {
            throw cancellation;
        }
        return recorded;
    }

    @Override
    public TaskSnapshot snapshot() {
        return new TaskSnapshot(status, nodeKey, attempt);
    }

    /**
     * Runs the task until it ends. A spider failure is retried after a backoff while the policy
     * allows; a lost node (its heartbeats stopped, or it stopped taking the task's steps) sends the
     * task back to dispatch without using up the spider's attempts.
     */
    private TaskOutcome execute(TaskRequest request) {
        int spiderFailures = 0;
        int nodesLost = 0;
        while (true) {
            attempt++;
            try {
                TaskOutcome outcome = runOnce(request);
                // Running out of memory is the spider's failure too (only runners that know it report it).
                boolean spiderFailed = outcome.status() == TaskStatus.ERROR
                        && (outcome.errorKind() == ErrorKind.SPIDER || outcome.errorKind() == ErrorKind.MEMORY_LIMIT);
                if (spiderFailed && spiderFailures + 1 < request.policy().maxAttempts()) {
                    spiderFailures++;
                    Duration backoff = request.policy().backoffBefore(spiderFailures);
                    log.info("task {} attempt {} failed ({}); retrying in {}", request.taskId(), attempt,
                            outcome.errorMessage(), backoff);
                    Workflow.sleep(backoff);
                    continue;
                }
                return outcome;
            } catch (ActivityFailure failure) {
                if (lostNode(failure) && nodesLost < MAX_NODES_LOST) {
                    nodesLost++;
                    log.warn("task {} lost node {} on attempt {}; dispatching it again", request.taskId(), nodeKey,
                            attempt);
                    continue;
                }
                throw failure;
            }
        }
    }

    private TaskOutcome runOnce(TaskRequest request) {
        // Until a node takes this attempt, the task has none: an earlier attempt's node is gone.
        nodeKey = null;
        SyncResult sync = claim(request, new SyncRequest(
                request.taskId(), request.spiderId(), attempt, request.files(), request.spiderVersion()));
        nodeKey = sync.nodeKey();
        status = TaskStatus.PREPARING;

        // A container brings its own dependencies in its image: nothing is installed on the node.
        // (Only new requests name a container, so the histories of older ones replay unchanged.)
        InstallResult installed = request.container() != null ? new InstallResult(false, "runs in a container", java.util.Map.of())
                : dependenciesOn(nodeKey, request).installDependencies(new InstallRequest(
                        request.taskId(), sync.workspace(), attempt, request.installCommand(), request.env()));

        status = TaskStatus.RUNNING;
        ProcessResult result = processesOn(nodeKey, request).runProcess(new RunRequest(
                request.taskId(), request.spiderId(), attempt, sync.workspace(), request.command(),
                request.params(), request.env(), request.policy(), request.items(), installed.environment(),
                request.type(), request.config(), request.container()));
        return TaskOutcomes.ofProcess(request, result, nodeKey);
    }

    /** Whether the node that had the task is gone: it stopped heartbeating, or stopped taking its steps. */
    private boolean lostNode(ActivityFailure failure) {
        if (nodeKey == null || !(failure.getCause() instanceof TimeoutFailure timeout)) {
            return false;
        }
        return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
                || timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    }

    /**
     * The first step of an attempt, which gives the task its node. Random dispatch sends it to the
     * dispatch queue, where whichever node with a free runner takes it; a pinned task sends it to
     * its node's own queue. A node that is full or disabled refuses the step and Temporal offers it
     * again (to another node, for a random task) with a short backoff. A task that no node takes
     * within its node wait ends instead of staying pending; a pinned task that asked to be
     * reassigned goes to random dispatch instead.
     */
    private SyncResult claim(TaskRequest request, SyncRequest sync) {
        Dispatch dispatch = request.dispatch();
        // Only nodes with a container engine poll the container dispatch queue; a request without a
        // container (every request made before containers) goes to the dispatch queue as it always did.
        String anyNode = request.container() != null ? TaskQueues.CONTAINER_DISPATCH : TaskQueues.DISPATCH;
        if (!dispatch.pinned()) {
            return claimOn(anyNode, request).syncFiles(sync);
        }
        try {
            return claimOn(TaskQueues.node(dispatch.pinnedNode()), request).syncFiles(sync);
        } catch (ActivityFailure failure) {
            if (!(failure.getCause() instanceof TimeoutFailure) || !dispatch.reassign()) {
                throw failure;
            }
            log.info("task {}: node {} did not take it within {}; reassigning it to any node", request.taskId(),
                    dispatch.pinnedNode(), TaskOutcomes.describe(request.policy().nodeWait()));
            reassigned = true;
            return claimOn(anyNode, request).syncFiles(sync);
        }
    }

    private FileActivities claimOn(String queue, TaskRequest request) {
        return Workflow.newActivityStub(FileActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setScheduleToStartTimeout(request.policy().nodeWait())
                // A full node refuses the claim and it is offered again until the node wait (and
                // the time one sync may take) has passed.
                .setScheduleToCloseTimeout(request.policy().nodeWait().plus(SYNC_TIME))
                .setStartToCloseTimeout(SYNC_TIME)
                // A step handed to a node that died while polling is never worked on; without a
                // heartbeat timeout it would sit "started" until its start-to-close timeout.
                .setHeartbeatTimeout(request.policy().heartbeatTimeout())
                .setRetryOptions(CLAIM_RETRIES)
                .build());
    }

    private DependencyActivities dependenciesOn(String node, TaskRequest request) {
        // Installs can be slow (a pip or npm install), so they get half an hour per attempt; the
        // node's own install timeout (15 minutes by default) stops a hung install well before that.
        // The install heartbeats meanwhile, so that an install on a node that died is noticed.
        return Workflow.newActivityStub(DependencyActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setScheduleToStartTimeout(NODE_QUEUE_WAIT)
                .setStartToCloseTimeout(Duration.ofMinutes(30))
                .setHeartbeatTimeout(request.policy().heartbeatTimeout())
                .setRetryOptions(TRANSIENT_RETRIES)
                .build());
    }

    private ProcessActivities processesOn(String node, TaskRequest request) {
        Duration startToClose = request.policy().hasRuntimeLimit()
                ? request.policy().runtimeLimit().plus(request.policy().stopGracePeriod()).plusMinutes(1)
                : UNLIMITED_RUN_BACKSTOP;
        return Workflow.newActivityStub(ProcessActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                .setScheduleToStartTimeout(NODE_QUEUE_WAIT)
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(request.policy().heartbeatTimeout())
                // Running the spider again is a decision about the spider, not a transport retry.
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                // The stop activity does the stopping; the workflow need not wait for the runner to notice.
                .setCancellationType(ActivityCancellationType.TRY_CANCEL)
                .build());
    }

    private ProcessActivities stopperOn(String node, TaskRequest request) {
        return Workflow.newActivityStub(ProcessActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.node(node))
                // A node that does not take the stop within this time is gone, and so is its process.
                .setScheduleToStartTimeout(Duration.ofSeconds(30))
                .setStartToCloseTimeout(request.policy().stopGracePeriod().plusSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
    }

    private TaskOutcome stopAfterCancel(TaskRequest request) {
        if (nodeKey == null) {
            return new TaskOutcome(TaskStatus.CANCELLED, null, null, StopMode.NONE, null,
                    "cancelled before a node took the task");
        }
        String node = nodeKey;
        StopResult[] stopped = new StopResult[1];
        Workflow.newDetachedCancellationScope(() -> {
            try {
                stopped[0] = stopperOn(node, request).stopProcess(
                        new StopRequest(request.taskId(), request.policy().stopGracePeriod()));
            } catch (ActivityFailure e) {
                log.warn("task {}: node {} did not confirm the stop: {}", request.taskId(), node, e.getMessage());
            }
        }).run();
        if (stopped[0] == null) {
            return new TaskOutcome(TaskStatus.CANCELLED, node, null, StopMode.NONE, null,
                    "cancelled; node " + node + " did not confirm that the process stopped");
        }
        String message = stopped[0].wasRunning() ? "cancelled while running" : "cancelled before the process started";
        return new TaskOutcome(TaskStatus.CANCELLED, node, null, stopped[0].stopMode(), null, message);
    }
}
