package dev.crawlyard.workflows.task;

/** How a spider's process group was stopped, when the platform had to stop it. */
public enum StopMode {
    /** The platform did not stop the process: it ended by itself. */
    NONE,
    /** The process group was gone within the notice period after the cancel message: it exited by itself. */
    GRACEFUL,
    /** It outlived the notice period, was sent SIGTERM, and was gone within the grace period after it. */
    TERMINATED,
    /** Something in the process group outlived the grace period after SIGTERM and was killed with SIGKILL. */
    FORCED
}
