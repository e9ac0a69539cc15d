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
final class FakeNode implements DispatchActivities, FileActivities, DependencyActivities, ProcessActivities {

    /** What the node does when it is asked to claim a task. */
    enum Claims {
        ACCEPT, REFUSE, HANG_ON_FIRST_TRY,
        /** Takes a task's first attempt only, as a node that is about to die. */
        FIRST_ATTEMPT_ONLY,
        /** Takes a task's attempts after the first only, as a node that joins later. */
        LATER_ATTEMPTS_ONLY
    }

    /** What the spider's run does on this node. */
    enum Runs { EXIT_0, EXIT_1, DIE_SILENTLY }

    final String key;
    private final Claims claims;
    private final Runs runs;
    final AtomicInteger claimsAsked = new AtomicInteger();
    final AtomicInteger runsStarted = new AtomicInteger();
    /** When each run was scheduled, on the test server's clock. */
    final List<Instant> runsScheduledAt = new CopyOnWriteArrayList<>();

    FakeNode(String key, Claims claims, Runs runs) {
        this.key = key;
        this.claims = claims;
        this.runs = runs;
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
        return new ClaimResult(key);
    }

    private ApplicationFailure full() {
        return ApplicationFailure.newFailure("node " + key + " is full", "NODE_FULL");
    }

    @Override
    public SyncResult syncFiles(SyncRequest request) {
        return new SyncResult(key, "/nowhere/" + request.taskId(), 0, 0, 0, 0);
    }

    @Override
    public InstallResult installDependencies(InstallRequest request) {
        return new InstallResult(false, "nothing to install", null);
    }

    @Override
    public ProcessResult runProcess(RunRequest request) {
        runsStarted.incrementAndGet();
        runsScheduledAt.add(Instant.ofEpochMilli(
                Activity.getExecutionContext().getInfo().getScheduledTimestamp()));
        return switch (runs) {
            case EXIT_0 -> new ProcessResult(ProcessEnd.EXITED, 0, StopMode.NONE, 0, 0);
            case EXIT_1 -> new ProcessResult(ProcessEnd.EXITED, 1, StopMode.NONE, 0, 0);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
