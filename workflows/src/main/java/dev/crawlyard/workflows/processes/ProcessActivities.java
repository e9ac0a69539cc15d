package dev.crawlyard.workflows.processes;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs and stops spider processes on a node. */
@ActivityInterface
public interface ProcessActivities {

    /**
     * The type of a step's failure when its node stops cleanly under it: the node has stopped the
     * spider (as a cancel does) or not started it (a sync, an install or a run that the stop
     * reached first; an install's command is killed), recorded the attempt as lost with its node,
     * and given the task's runner back; the task may go back to dispatch as after a lost node,
     * without waiting for the heartbeat timeout.
     */
    String NODE_STOPPED = "NODE_STOPPED";

    /**
     * Starts the spider's command in its own process group, moves the task to {@code running},
     * streams its output into the task's log and heartbeats until it exits, is stopped, or runs
     * past its runtime limit. A node that stops meanwhile stops the spider and fails the run
     * with {@link #NODE_STOPPED}.
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
