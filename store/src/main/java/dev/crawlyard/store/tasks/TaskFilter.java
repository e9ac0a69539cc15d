package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.TaskStatus;

/**
 * Which tasks to list; a null field does not filter.
 *
 * @param spiderId only this spider's tasks
 * @param status   only tasks in this status
 * @param scheduleId only tasks made by this schedule
 */
public record TaskFilter(Long spiderId, TaskStatus status, Long scheduleId) {

    public static final TaskFilter ALL = new TaskFilter(null, null, null);

    public TaskFilter(Long spiderId, TaskStatus status) {
        this(spiderId, status, null);
    }
}
