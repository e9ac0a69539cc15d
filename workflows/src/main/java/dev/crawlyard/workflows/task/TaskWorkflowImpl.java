package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.dispatch.ClaimRequest;
import dev.crawlyard.workflows.dispatch.ClaimResult;
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
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * The task's orchestration. Deterministic and free of I/O: every effect is an activity, every wait
 * is bounded by a Temporal timeout, and the decisions about what a timeout means are made here.
 */
public final class TaskWorkflowImpl implements TaskWorkflow {

    private static final Logger log = Workflow.getLogger(TaskWorkflowImpl.class);

    /**
     * Behaviour added after workflows were running, each under a {@link Workflow#getVersion} change
     * id: a workflow started before the change replays (and goes on) as it began, without it.
     * <ul>
     *   <li>{@link #CLAIM_STEP}: an attempt's node is chosen by a quick claim, bounded by the node
     *       wait whatever the nodes do; the sync then runs on that node's queue. Before, the sync
     *       itself claimed the task, so refusing nodes stretched the node wait by the sync's 10 minutes.</li>
     *   <li>{@link #LOST_NODE_LIMIT}: the task ends on its {@code maxLostNodes}-th lost node. Before,
     *       it ended on the fourth, while its message said three.</li>
     *   <li>{@link #NODE_QUEUE_WAIT_IS_HEARTBEAT_TIMEOUT}: the steps after the claim wait for their node's
     *       queue as long as the heartbeat timeout, not a fixed minute.</li>
     *   <li>{@link #ABANDON_STEPS_ON_CANCEL}: a cancel abandons the step in flight (the stop activity
     *       stops what it started; a step that ends anyway is ignored, and heartbeats of a closed
     *       workflow's steps fail, so nothing outlives it) instead of asking the server to cancel it.
     *       Asking raced with the step's completion: Temporal's test server, the standalone
     *       platform's, answered the cancel of a just-completed claim with ACTIVITY_UNKNOWN and never
     *       ran the workflow again, so the task stayed running (seen in the cluster bench).</li>
     *   <li>{@link #WATCH_NODE_STEPS}: the steps on the task's node are watched ({@link StepWatch}), so
     *       that a step lost on its way to a node that died sends the task back to dispatch instead of
     *       holding it for ever (seen in the chaos bench: three tasks stayed preparing).</li>
     *   <li>{@link #SKIP_EMPTY_INSTALL}: a task whose spider has no install command and whose node's
     *       sync found no dependency manifest goes from the sync straight to its run. Before, the
     *       install step ran anyway to find nothing: an activity, a workflow task and a watch timer
     *       per task for nothing.</li>
     *   <li>{@link #FINALIZE_LOCALLY}: the outcome is written by a local activity, in the process
     *       that hosts this workflow (where the finalize step always ran: it is registered with the
     *       workflows), and the workflow ends in the same workflow task. Before, it was an activity on
     *       the workflows' queue: a round trip through Temporal and one more workflow task per task.</li>
     *   <li>{@link #REDISPATCH_FROM_STOPPED_NODE}: a step whose node stopped cleanly under it
     *       ({@link ProcessActivities#NODE_STOPPED}: a run whose spider the node stopped, or a sync,
     *       an install or a run that the node gave back before the spider started) sends the task
     *       back to dispatch, as a lost node does. Before, the task ended abnormal with the SDK's
     *       text for the worker's shutdown.</li>
     * </ul>
     */
    static final String CLAIM_STEP = "claim-step";
    static final String LOST_NODE_LIMIT = "lost-node-limit";
    static final String NODE_QUEUE_WAIT_IS_HEARTBEAT_TIMEOUT = "node-queue-wait";
    static final String ABANDON_STEPS_ON_CANCEL = "abandon-steps-on-cancel";
    static final String WATCH_NODE_STEPS = "watch-node-steps";
    static final String SKIP_EMPTY_INSTALL = "skip-empty-install";
    static final String FINALIZE_LOCALLY = "finalize-locally";
    static final String SKIP_EMPTY_SYNC = "skip-empty-sync";
    static final String REDISPATCH_FROM_STOPPED_NODE = "redispatch-from-stopped-node";

    /**
     * Before {@link #NODE_QUEUE_WAIT_IS_HEARTBEAT_TIMEOUT}: once a node had taken a task, its next steps
     * waited on that node's queue at most this long.
     */
    static final Duration LEGACY_NODE_QUEUE_WAIT = Duration.ofMinutes(1);

    /** Before {@link #LOST_NODE_LIMIT}: how many lost nodes sent a task back to dispatch. */
    static final int LEGACY_REDISPATCHES = 3;

    /**
     * Finalize only writes the task's row, so 30 s per attempt is ample; it retries until it
     * succeeds (for up to a day) because a task whose outcome is never written would look stuck.
     */
    private static final Duration FINALIZE_TRY = Duration.ofSeconds(30);
    private static final Duration FINALIZE_WITHIN = Duration.ofDays(1);
    private static final RetryOptions FINALIZE_RETRIES = RetryOptions.newBuilder()
            .setMaximumInterval(Duration.ofMinutes(1)).build();

    /** The finalize step before {@link #FINALIZE_LOCALLY}. */
    private final TaskActivities tasks = Workflow.newActivityStub(TaskActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setStartToCloseTimeout(FINALIZE_TRY)
                    .setScheduleToCloseTimeout(FINALIZE_WITHIN)
                    .setRetryOptions(FINALIZE_RETRIES)
                    .build());

    private final TaskActivities localTasks = Workflow.newLocalActivityStub(TaskActivities.class,
            LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(FINALIZE_TRY)
                    .setScheduleToCloseTimeout(FINALIZE_WITHIN)
                    .setRetryOptions(FINALIZE_RETRIES)
                    .build());

    private TaskStatus status = TaskStatus.PENDING;
    private String nodeKey;
    private int attempt;
    private boolean reassigned;
    private int nodesLost;

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
                outcome = TaskOutcomes.ofFailure(request, e,
                        new TaskOutcomes.Attempted(nodeKey, reassigned, nodesLost, nodeQueueWait(request)));
            }
        }
        status = outcome.status();
        TaskOutcome recorded = outcome;
        // The outcome is written even when the workflow itself was cancelled.
        Workflow.newDetachedCancellationScope(
                () -> finalizer().finalizeTask(new FinalizeRequest(request.taskId(), recorded))).run();
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
                if (lostNode(failure) || stoppedNode(failure)) {
                    nodesLost++;
                    if (mayDispatchAgain(request)) {
                        log.warn("task {} lost node {} on attempt {}; dispatching it again", request.taskId(), nodeKey,
                                attempt);
                        continue;
                    }
                }
                throw failure;
            } catch (StepWatch.StepLost lost) {
                nodesLost++;
                if (mayDispatchAgain(request)) {
                    log.warn("task {} attempt {}: {}; dispatching it again", request.taskId(), attempt,
                            lost.getMessage());
                    continue;
                }
                return TaskOutcomes.ofLostStep(lost.getMessage(),
                        new TaskOutcomes.Attempted(nodeKey, reassigned, nodesLost, nodeQueueWait(request)));
            }
        }
    }

    /** Whether the task, having lost {@link #nodesLost} nodes, goes back to dispatch once more. */
    private boolean mayDispatchAgain(TaskRequest request) {
        if (Workflow.getVersion(LOST_NODE_LIMIT, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return nodesLost <= LEGACY_REDISPATCHES;
        }
        return nodesLost < request.policy().maxLostNodes();
    }

    private TaskOutcome runOnce(TaskRequest request) {
        // Until a node takes this attempt, the task has none: an earlier attempt's node is gone.
        nodeKey = null;
        SyncRequest files = new SyncRequest(request.taskId(), request.spiderId(), attempt, request.files(),
                request.spiderVersion());
        SyncResult sync;
        if (Workflow.getVersion(CLAIM_STEP, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            sync = claimBySync(request, files);
            nodeKey = sync.nodeKey();
            status = TaskStatus.PREPARING;
        } else {
            ClaimResult claimed = claim(request, new ClaimRequest(request.taskId(), attempt, nothingToSync(request)));
            nodeKey = claimed.nodeKey();
            status = TaskStatus.PREPARING;
            if (claimed.workspace() != null) {
                sync = new SyncResult(nodeKey, claimed.workspace(), 0, 0, 0, 0, List.of());
            } else {
                FileActivities node = TaskSteps.files(nodeKey, request.policy(), nodeQueueWait(request), onCancel());
                sync = onNode(StepWatch.SYNC, request, node::syncFiles, files);
            }
        }

        // A container brings its own dependencies in its image: nothing is installed on the node.
        // (Only new requests name a container, so the histories of older ones replay unchanged.)
        InstallResult installed;
        if (request.container() != null) {
            installed = new InstallResult(false, "runs in a container", java.util.Map.of());
        } else if (nothingToInstall(request, sync)) {
            installed = new InstallResult(false, "nothing to install", java.util.Map.of());
        } else {
            DependencyActivities node = TaskSteps.dependencies(nodeKey, request.policy(), nodeQueueWait(request),
                    onCancel());
            InstallRequest install = new InstallRequest(request.taskId(), sync.workspace(), attempt,
                    request.installCommand(), request.env());
            installed = onNode(StepWatch.INSTALL, request, node::installDependencies, install);
        }

        status = TaskStatus.RUNNING;
        ProcessActivities node = TaskSteps.processes(nodeKey, request.policy(), nodeQueueWait(request), onCancel());
        RunRequest run = new RunRequest(
                request.taskId(), request.spiderId(), attempt, sync.workspace(), request.command(),
                request.params(), request.env(), request.policy(), request.items(), installed.environment(),
                request.type(), request.config(), request.container());
        ProcessResult result = onNode(StepWatch.RUN, request, node::runProcess, run);
        return TaskOutcomes.ofProcess(request, result, nodeKey);
    }

    /** Who writes the outcome: see {@link #FINALIZE_LOCALLY}. */
    private TaskActivities finalizer() {
        return Workflow.getVersion(FINALIZE_LOCALLY, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
                ? tasks : localTasks;
    }

    /** Whether the sync (and so the install) can be left out: see {@link #SKIP_EMPTY_SYNC}. */
    private static boolean nothingToSync(TaskRequest request) {
        return request.files().isEmpty() && request.spiderVersion() == null && request.installCommand() == null
                && request.container() == null
                && Workflow.getVersion(SKIP_EMPTY_SYNC, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }

    /** Whether the install step can be left out: see {@link #SKIP_EMPTY_INSTALL}. */
    private static boolean nothingToInstall(TaskRequest request, SyncResult sync) {
        return request.installCommand() == null && sync.noDependencyManifests()
                && Workflow.getVersion(SKIP_EMPTY_INSTALL, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }

    /** Whether the node that had the task is gone: it stopped heartbeating, or stopped taking its steps. */
    private boolean lostNode(ActivityFailure failure) {
        if (nodeKey == null || !(failure.getCause() instanceof TimeoutFailure timeout)) {
            return false;
        }
        return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
                || timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    }

    /** Whether the task's node stopped cleanly under one of its steps and gave the task back. */
    private boolean stoppedNode(ActivityFailure failure) {
        return nodeKey != null && failure.getCause() instanceof ApplicationFailure stopped
                && ProcessActivities.NODE_STOPPED.equals(stopped.getType())
                && Workflow.getVersion(REDISPATCH_FROM_STOPPED_NODE, Workflow.DEFAULT_VERSION, 1)
                        != Workflow.DEFAULT_VERSION;
    }

    /**
     * The first step of an attempt, which gives the task its node. Random dispatch sends the claim to
     * the dispatch queue, where whichever node with a free runner takes it; a pinned task sends it to
     * its node's own queue. A node that is full or disabled refuses it and Temporal offers it again
     * (to another node, for a random task) with a short backoff, for at most the node wait in all:
     * a task that no node takes within it ends instead of staying pending, however many nodes poll
     * and refuse meanwhile. A pinned task that asked to be reassigned goes to random dispatch instead.
     */
    private ClaimResult claim(TaskRequest request, ClaimRequest claim) {
        Dispatch dispatch = request.dispatch();
        // Only nodes with a container engine poll the container dispatch queue; a request without a
        // container (every request made before containers) goes to the dispatch queue as it always did.
        String anyNode = request.container() != null ? TaskQueues.CONTAINER_DISPATCH : TaskQueues.DISPATCH;
        if (!dispatch.pinned()) {
            return TaskSteps.claims(anyNode, request.policy(), onCancel()).claim(claim);
        }
        try {
            return TaskSteps.claims(TaskQueues.node(dispatch.pinnedNode()), request.policy(), onCancel()).claim(claim);
        } catch (ActivityFailure failure) {
            if (!TaskOutcomes.outOfNodeWait(failure) || !dispatch.reassign()) {
                throw failure;
            }
            log.info("task {}: node {} did not take it within {}; reassigning it to any node", request.taskId(),
                    dispatch.pinnedNode(), TaskOutcomes.describe(request.policy().nodeWait()));
            reassigned = true;
            return TaskSteps.claims(anyNode, request.policy(), onCancel()).claim(claim);
        }
    }

    /**
     * The claim before {@link #CLAIM_STEP}: the sync itself claimed the task for the node that took
     * it, on the dispatch queue or the pinned node's, retried on refusals for the node wait plus the
     * time of a sync.
     */
    private SyncResult claimBySync(TaskRequest request, SyncRequest sync) {
        Dispatch dispatch = request.dispatch();
        if (!dispatch.pinned()) {
            return TaskSteps.legacyClaimingSync(TaskQueues.DISPATCH, request.policy()).syncFiles(sync);
        }
        try {
            return TaskSteps.legacyClaimingSync(TaskQueues.node(dispatch.pinnedNode()), request.policy())
                    .syncFiles(sync);
        } catch (ActivityFailure failure) {
            if (!(failure.getCause() instanceof TimeoutFailure) || !dispatch.reassign()) {
                throw failure;
            }
            log.info("task {}: node {} did not take it within {}; reassigning it to any node", request.taskId(),
                    dispatch.pinnedNode(), TaskOutcomes.describe(request.policy().nodeWait()));
            reassigned = true;
            return TaskSteps.legacyClaimingSync(TaskQueues.DISPATCH, request.policy()).syncFiles(sync);
        }
    }

    /**
     * How long a step of a task that a node has claimed waits for that node to take it: the node
     * claimed the task moments ago and is polling, so a longer wait means it went away.
     */
    Duration nodeQueueWait(TaskRequest request) {
        return Workflow.getVersion(NODE_QUEUE_WAIT_IS_HEARTBEAT_TIMEOUT, Workflow.DEFAULT_VERSION, 1)
                == Workflow.DEFAULT_VERSION ? LEGACY_NODE_QUEUE_WAIT : request.policy().heartbeatTimeout();
    }

    /** Runs a step on the task's node, watched ({@link StepWatch}) unless the workflow began before the watch. */
    private <A, R> R onNode(String activityType, TaskRequest request, Functions.Func1<A, R> step, A input) {
        return watchesSteps()
                ? StepWatch.await(nodeKey, activityType, request.policy(), () -> Async.function(step, input))
                : step.apply(input);
    }

    /** Whether the steps on the task's node are watched: see {@link #WATCH_NODE_STEPS}. */
    private static boolean watchesSteps() {
        return Workflow.getVersion(WATCH_NODE_STEPS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }

    /** What a cancel does to the step in flight: see {@link #ABANDON_STEPS_ON_CANCEL}. */
    private static ActivityCancellationType onCancel() {
        return Workflow.getVersion(ABANDON_STEPS_ON_CANCEL, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
                ? ActivityCancellationType.TRY_CANCEL : ActivityCancellationType.ABANDON;
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
                stopped[0] = TaskSteps.stopper(node, request.policy()).stopProcess(
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
