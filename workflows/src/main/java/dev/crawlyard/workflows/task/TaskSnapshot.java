package dev.crawlyard.workflows.task;

/**
 * A running task as its workflow sees it, answered by the workflow's query.
 *
 * @param status  the workflow's view of the status
 * @param nodeKey the node that took the task, or null while it is pending
 */
public record TaskSnapshot(TaskStatus status, String nodeKey) {
}
