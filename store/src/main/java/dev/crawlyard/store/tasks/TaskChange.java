package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;

/**
 * Fields written along with a status change; a null leaves the column as it is.
 *
 * @param nodeKey      the node that has the task
 * @param exitCode     the process's exit code
 * @param stopMode     how the platform stopped the process
 * @param errorKind    why it failed
 * @param errorMessage what went wrong
 */
public record TaskChange(String nodeKey, Integer exitCode, StopMode stopMode, ErrorKind errorKind,
        String errorMessage) {

    public static final TaskChange NONE = new TaskChange(null, null, null, null, null);

    public static TaskChange onNode(String nodeKey) {
        return new TaskChange(nodeKey, null, null, null, null);
    }

    public TaskChange withError(ErrorKind kind, String message) {
        return new TaskChange(nodeKey, exitCode, stopMode, kind, message);
    }
}
