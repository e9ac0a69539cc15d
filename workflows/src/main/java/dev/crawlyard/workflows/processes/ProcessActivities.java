package dev.crawlyard.workflows.processes;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs and stops spider processes on a node. */
@ActivityInterface
public interface ProcessActivities {

    /**
     * Starts the spider's command in its own process group, moves the task to {@code running},
     * streams its output into the task's log and heartbeats until it exits, is stopped, or runs
     * past its runtime limit.
     */
    @ActivityMethod
    ProcessResult runProcess(RunRequest request);

    /**
     * Stops the task's process group on this node: the cancel message on stdin and SIGTERM, then
     * SIGKILL after the grace period. Returns once the group is gone and its output is stored. A
     * task whose process has not started yet is marked so that it never starts.
     */
    @ActivityMethod
    StopResult stopProcess(StopRequest request);
}
