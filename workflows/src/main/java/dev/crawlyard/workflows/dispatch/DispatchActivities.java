package dev.crawlyard.workflows.dispatch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Gives a task its node. */
@ActivityInterface
public interface DispatchActivities {

    /**
     * Claims an attempt of the task for the node that runs this activity: takes one of its runners
     * and records it as the attempt's node (the task moves to {@code preparing} on its first
     * attempt). Quick: a node that is full or disabled refuses at once with a retryable failure of
     * type {@code NODE_FULL}, so that Temporal offers the claim again, to another node for a task on
     * the dispatch queue. Run on the dispatch queue, whichever node takes it becomes the task's
     * node; run on a node's own queue, it waits for that node.
     */
    @ActivityMethod
    ClaimResult claim(ClaimRequest request);
}
