package dev.crawlyard.workflows.task;

import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.dependencies.InstallResult;
import dev.crawlyard.workflows.dispatch.ClaimRequest;
import dev.crawlyard.workflows.dispatch.ClaimResult;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.files.SyncRequest;
import dev.crawlyard.workflows.files.SyncResult;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessEnd;
import dev.crawlyard.workflows.processes.ProcessResult;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.processes.StopRequest;
import dev.crawlyard.workflows.processes.StopResult;
import dev.crawlyard.workflows.steps.StepActivities;
import dev.crawlyard.workflows.steps.StepQuery;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node whose steps do what a test says, for the workflow's own logic: its bounds and its decisions
 * about what a timeout means. (The real steps, on real processes and a real database, are tested with
 * the real activities in the activities module.)
 */
final class FakeNode implements DispatchActivities, FileActivities, DependencyActivities, ProcessActivities,
        StepActivities {

    /** What the node does when it is asked to claim a task. */
    enum Claims {
        ACCEPT, REFUSE, HANG_ON_FIRST_TRY,
        /** Takes a task's first attempt only, as a node that is about to die. */
        FIRST_ATTEMPT_ONLY,
        /** Takes a task's attempts after the first only, as a node that joins later. */
        LATER_ATTEMPTS_ONLY
    }

    /** What the spider's run does on this node. */
    enum Runs {
        EXIT_0, EXIT_1, DIE_SILENTLY,
        /**
         * The run never reaches the node, yet Temporal holds it as started and never times it out (as
         * the test server does with a step handed to a poll of a node killed a moment before): here the
         * activity heartbeats to keep Temporal's timeouts off, and the node says it is not at work on it.
         */
        LOST_ON_THE_WAY,
        /** Works, heartbeating, for {@link #SLOW_RUN}, then exits 0: the node says it is at work on it. */
        SLOW,
        /** Works for a minute, but the node answers no question about its steps in time. */
        SLOW_AND_MUTE,
        /** The node is stopped on purpose under the run: it stops the spider and says so (NODE_STOPPED). */
        STOPPED_WITH_NODE
    }

    /** How long a {@link Runs#SLOW} run takes: several looks of a watch with a heartbeat timeout of 1 s. */
    static final java.time.Duration SLOW_RUN = java.time.Duration.ofSeconds(8);

    final String key;
    private final Claims claims;
    private final Runs runs;
    final AtomicInteger claimsAsked = new AtomicInteger();
    final AtomicInteger runsStarted = new AtomicInteger();
    final AtomicInteger stepQuestions = new AtomicInteger();
    final AtomicInteger installsAsked = new AtomicInteger();
    final AtomicInteger syncsAsked = new AtomicInteger();
    /** Whether each claim asked for an empty workspace, in order. */
    final List<Boolean> emptyWorkspacesAsked = new CopyOnWriteArrayList<>();
    /** The workspace each run was asked to run in, in order. */
    final List<String> runWorkspaces = new CopyOnWriteArrayList<>();
    /** Whether its claims make the empty workspace they are asked for (a node from before does not). */
    private volatile boolean makesEmptyWorkspaces;
    /** The dependency manifests its syncs say they wrote; null, as a node from before they said. */
    private volatile List<String> manifests;
    private final java.util.Set<StepQuery> atWork = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When each run was scheduled, on the test server's clock. */
    final List<Instant> runsScheduledAt = new CopyOnWriteArrayList<>();

    FakeNode(String key, Claims claims, Runs runs) {
        this.key = key;
        this.claims = claims;
        this.runs = runs;
    }

    /** Its syncs say they wrote {@code names} as the workspace's dependency manifests. */
    FakeNode withManifests(List<String> names) {
        manifests = names;
        return this;
    }

    /** Its claims make the empty workspace they are asked for, and say where. */
    FakeNode makingEmptyWorkspaces() {
        makesEmptyWorkspaces = true;
        return this;
    }

    /** Polls its own queue. */
    FakeNode register(TestWorkflowEnvironment environment) {
        environment.newWorker(TaskQueues.node(key)).registerActivitiesImplementations(this);
        return this;
    }

    /**
     * Makes {@code nodes} poll the dispatch queue: a claim there goes to the first of them that takes
     * it, and is refused if none does (the test environment has one worker a queue).
     */
    static void pollDispatch(TestWorkflowEnvironment environment, FakeNode... nodes) {
        environment.newWorker(TaskQueues.DISPATCH).registerActivitiesImplementations((DispatchActivities) request -> {
            ApplicationFailure refused = null;
            for (FakeNode node : nodes) {
                try {
                    return node.claim(request);
                } catch (ApplicationFailure e) {
                    refused = e;
                }
            }
            throw refused;
        });
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        claimsAsked.incrementAndGet();
        emptyWorkspacesAsked.add(request.emptyWorkspace());
        switch (claims) {
            case REFUSE -> throw full();
            case FIRST_ATTEMPT_ONLY -> {
                if (request.attempt() > 1) {
                    throw full();
                }
            }
            case LATER_ATTEMPTS_ONLY -> {
                if (request.attempt() == 1) {
                    throw full();
                }
            }
            case HANG_ON_FIRST_TRY -> {
                if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
                    sleep(60_000);
                }
            }
            default -> { }
        }
        return request.emptyWorkspace() && makesEmptyWorkspaces
                ? new ClaimResult(key, "/empty/" + request.taskId())
                : new ClaimResult(key);
    }

    private ApplicationFailure full() {
        return ApplicationFailure.newFailure("node " + key + " is full", "NODE_FULL");
    }

    @Override
    public SyncResult syncFiles(SyncRequest request) {
        syncsAsked.incrementAndGet();
        return new SyncResult(key, "/nowhere/" + request.taskId(), 0, 0, 0, 0, manifests);
    }

    @Override
    public InstallResult installDependencies(InstallRequest request) {
        installsAsked.incrementAndGet();
        return new InstallResult(false, "nothing to install", null);
    }

    @Override
    public ProcessResult runProcess(RunRequest request) {
        runsStarted.incrementAndGet();
        runWorkspaces.add(request.workspace());
        runsScheduledAt.add(Instant.ofEpochMilli(
                Activity.getExecutionContext().getInfo().getScheduledTimestamp()));
        return switch (runs) {
            case EXIT_0 -> new ProcessResult(ProcessEnd.EXITED, 0, StopMode.NONE, 0, 0);
            case EXIT_1 -> new ProcessResult(ProcessEnd.EXITED, 1, StopMode.NONE, 0, 0);
            case LOST_ON_THE_WAY -> {
                heartbeatFor(60_000);
                throw new IllegalStateException("a lost run answered");
            }
            case SLOW, SLOW_AND_MUTE -> {
                StepQuery step = new StepQuery(Activity.getExecutionContext().getInfo().getWorkflowId(), "RunProcess");
                atWork.add(step);
                try {
                    heartbeatFor(runs == Runs.SLOW ? SLOW_RUN.toMillis() : 60_000);
                } finally {
                    atWork.remove(step);
                }
                yield new ProcessResult(ProcessEnd.EXITED, 0, StopMode.NONE, 0, 0);
            }
            case STOPPED_WITH_NODE -> throw ApplicationFailure.newNonRetryableFailure("node " + key
                    + " stopped during this attempt; its spider was stopped (graceful)", ProcessActivities.NODE_STOPPED);
            case DIE_SILENTLY -> {
                // The node is gone: no heartbeat, no answer, until the test ends.
                sleep(60_000);
                throw new IllegalStateException("a dead node answered");
            }
        };
    }

    @Override
    public StopResult stopProcess(StopRequest request) {
        return new StopResult(false, StopMode.NONE);
    }

    @Override
    public boolean stepAtWork(StepQuery query) {
        stepQuestions.incrementAndGet();
        if (runs == Runs.SLOW_AND_MUTE) {
            // Longer than the question may take: the node is taken for gone.
            sleep(10_000);
        }
        return atWork.contains(query);
    }

    private static void heartbeatFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                Activity.getExecutionContext().heartbeat(null);
            } catch (RuntimeException e) {
                // The workflow is gone or abandoned the step: nothing is left to work for.
                return;
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
