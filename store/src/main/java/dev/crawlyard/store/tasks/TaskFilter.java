package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.TaskStatus;

/**
 * Which tasks to list; a null field does not filter.
 *
 * @param spiderId only this spider's tasks
 * @param status   only tasks in this status
 */
public record TaskFilter(Long spiderId, TaskStatus status) {

    public static final TaskFilter ALL = new TaskFilter(null, null);
}
