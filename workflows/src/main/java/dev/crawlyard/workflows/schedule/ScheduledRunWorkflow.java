package dev.crawlyard.workflows.schedule;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One firing of a schedule: makes the firing's tasks from the schedule's settings, runs each as a
 * child task workflow, waits for all of them (so that the schedule's overlap policy covers the whole
 * run), and counts the outcome towards the schedule's auto-pause.
 */
@WorkflowInterface
public interface ScheduledRunWorkflow {

    /** Runs one firing to its end. */
    @WorkflowMethod
    ScheduledRunResult run(ScheduledRun run);
}
