package dev.crawlyard.workflows.steps;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What a node is working on, asked of the node itself on its own queue. */
@ActivityInterface
public interface StepActivities {

    /**
     * Whether this node is at work on the step now: a run of the workflow's activity of that type
     * began here and has not ended. Quick, and answered from memory: a node that started again knows
     * of no step, which is the truth about the steps of its earlier life.
     */
    @ActivityMethod
    boolean stepAtWork(StepQuery query);
}
