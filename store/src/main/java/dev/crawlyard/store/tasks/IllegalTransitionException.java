package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.TaskStatus;

/** A status change the transition guard refuses: the task has moved on, or the move is a bug. */
public class IllegalTransitionException extends RuntimeException {

    private final TaskStatus current;
    private final TaskStatus next;

    public IllegalTransitionException(long taskId, TaskStatus current, TaskStatus next) {
        super("task " + taskId + " cannot move from " + current.wireName() + " to " + next.wireName());
        this.current = current;
        this.next = next;
    }

    public TaskStatus current() {
        return current;
    }

    public TaskStatus next() {
        return next;
    }
}
