package dev.crawlyard.workflows.task;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One task: sync the spider's files on a node, install its dependencies there, run its process
 * there, and record the outcome. Cancelling the workflow cancels the task.
 */
@WorkflowInterface
public interface TaskWorkflow {

    /** Runs the task to its end and returns how it ended. */
    @WorkflowMethod
    TaskOutcome run(TaskRequest request);

    /** Where the task is now, as the workflow knows it. */
    @QueryMethod
    TaskSnapshot snapshot();
}
