package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a task ended: what the workflow returns and what finalize writes on the task's row.
 *
 * @param status       a terminal status
 * @param nodeKey      the node the task ran on, or null if no node took it
 * @param exitCode     the process's exit code, or null if it never exited by itself
 * @param stopMode     whether and how the platform stopped the process
 * @param errorKind    why it failed, or null when it finished
 * @param errorMessage what went wrong, in words a user can act on, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOutcome(
        TaskStatus status,
        String nodeKey,
        Integer exitCode,
        StopMode stopMode,
        ErrorKind errorKind,
        String errorMessage) {

    public TaskOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome needs a terminal status, not " + status);
        }
        stopMode = stopMode == null ? StopMode.NONE : stopMode;
    }

    public static TaskOutcome failed(TaskStatus status, String nodeKey, ErrorKind kind, String message) {
        return new TaskOutcome(status, nodeKey, null, StopMode.NONE, kind, message);
    }
}
