package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A running task as its workflow sees it, answered by the workflow's query.
 *
 * @param status  the workflow's view of the status
 * @param nodeKey the node that took the task, or null while it is pending
 * @param attempt which run of the task is under way, from 1; 0 before the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSnapshot(TaskStatus status, String nodeKey, int attempt) {
}
