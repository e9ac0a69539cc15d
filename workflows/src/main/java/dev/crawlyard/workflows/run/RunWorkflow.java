package dev.crawlyard.workflows.run;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run request: makes its tasks (one, or one a node) and starts each one's task workflow, then
 * ends; the tasks run on by themselves. Its workflow id comes from the request ({@code
 * run-<spider>-<key>}), so a request sent again finds this run and its tasks instead of making more,
 * and whatever fails part-way (the database, a worker, Temporal) is retried by Temporal until the run
 * has all its tasks, each with its workflow.
 */
@WorkflowInterface
public interface RunWorkflow {

    /** Makes the run's tasks, starts their workflows, and returns the tasks' ids in order. */
    @WorkflowMethod
    RunStarted run(RunOrder order);

    /** The workflow id of the run of {@code spiderId} that a request with {@code key} asked for. */
    static String workflowId(long spiderId, String key) {
        return "run-" + spiderId + "-" + key;
    }
}
