package dev.crawlyard.workflows.processes;

/** Why a spider's process ended. */
public enum ProcessEnd {
    /** It exited by itself; the exit code says how. */
    EXITED,
    /** It ran past its runtime limit and was stopped. */
    TIMED_OUT,
    /** It was stopped because its task was cancelled. */
    STOPPED
}
