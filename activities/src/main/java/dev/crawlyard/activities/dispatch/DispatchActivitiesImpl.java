package dev.crawlyard.activities.dispatch;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.files.Workspaces;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.dispatch.ClaimRequest;
import dev.crawlyard.workflows.dispatch.ClaimResult;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Claims tasks for this node: a runner, and the attempt on record with this node (and, for a task
 * with nothing to sync, its empty workspace). A full or disabled node refuses, and Temporal offers
 * the claim again, to another node for a random task.
 */
public final class DispatchActivitiesImpl implements DispatchActivities {

    /** The failure type of a claim refused because the node is full or disabled; it is retried. */
    public static final String NODE_FULL = "NODE_FULL";

    private final LocalNode node;
    private final TaskStore tasks;
    private final TaskInputs inputs;
    private final RunnerSlots slots;

    public DispatchActivitiesImpl(LocalNode node, TaskStore tasks, TaskInputs inputs, RunnerSlots slots) {
        this.node = node;
        this.tasks = tasks;
        this.inputs = inputs;
        this.slots = slots;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            // Before anything is claimed: a workflow the API did not start takes no runner either.
            inputs.checkClaim(request.taskId());
            // On the dispatch queue, the poll that brought the claim holds a runner for it already (see
            // RunnerSlots.reserve); the claim makes it the task's, kept through the attempt's next steps.
            if (!slots.tryClaim(request.taskId())) {
                throw ApplicationFailure.newFailure("node " + node.key() + " has no free runner or is disabled",
                        NODE_FULL);
            }
            boolean claimed = false;
            try {
                tasks.claim(request.taskId(), request.attempt(), node.key());
                String workspace = request.emptyWorkspace() ? emptyWorkspace(request.taskId()).toString() : null;
                claimed = true;
                return new ClaimResult(node.key(), workspace);
            } catch (IllegalTransitionException e) {
                // The task ended (it was cancelled) before a node took it: nothing to run.
                throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.SYSTEM.name());
            } finally {
                // A failed claim gives its runner back, unless another run of it holds the task here.
                slots.claimEnded(request.taskId(), claimed);
            }
        }
    }

    /**
     * The attempt's workspace for a task with nothing to sync, as its sync would have left it:
     * fresh (a retried attempt's leftovers gone), empty, and its runner user's alone.
     */
    private Path emptyWorkspace(long taskId) {
        Path workspace = node.workspace(taskId);
        try {
            Workspaces.deleteRecursively(workspace);
            return Runner.of(node, slots, taskId).ownedDirectory(workspace);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the empty workspace " + workspace, e);
        }
    }
}
