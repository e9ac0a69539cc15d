package dev.crawlyard.activities.dispatch;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.dispatch.ClaimRequest;
import dev.crawlyard.workflows.dispatch.ClaimResult;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;

/**
 * Claims tasks for this node: a runner, and the attempt on record with this node. A full or
 * disabled node refuses, and Temporal offers the claim again, to another node for a random task.
 */
public final class DispatchActivitiesImpl implements DispatchActivities {

    /** The failure type of a claim refused because the node is full or disabled; it is retried. */
    public static final String NODE_FULL = "NODE_FULL";

    private final LocalNode node;
    private final TaskStore tasks;
    private final RunnerSlots slots;

    public DispatchActivitiesImpl(LocalNode node, TaskStore tasks, RunnerSlots slots) {
        this.node = node;
        this.tasks = tasks;
        this.slots = slots;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            if (!slots.tryAcquire(request.taskId())) {
                throw ApplicationFailure.newFailure("node " + node.key() + " has no free runner or is disabled",
                        NODE_FULL);
            }
            try {
                tasks.claim(request.taskId(), request.attempt(), node.key());
                return new ClaimResult(node.key());
            } catch (IllegalTransitionException e) {
                // The task ended (it was cancelled) before a node took it: nothing to run.
                slots.release(request.taskId());
                throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.SYSTEM.name());
            } catch (RuntimeException e) {
                slots.release(request.taskId());
                throw e;
            }
        }
    }
}
