package dev.crawlyard.activities.tasks;

import dev.crawlyard.store.tasks.Task;
import java.util.List;

/**
 * Told about a task's start (its process started on a node) and its end (finalize wrote its outcome),
 * with the task's row: the metrics count them, webhooks announce them. {@link #ended} may throw: finalize
 * then fails and is retried, and the observer is told again, so what it does must be idempotent.
 */
public interface TaskObserver {

    TaskObserver NONE = new TaskObserver() {
    };

    default void started(Task task) {
    }

    default void ended(Task task) {
    }

    /** Tells each observer in turn. */
    static TaskObserver all(List<TaskObserver> observers) {
        return new TaskObserver() {
            @Override
            public void started(Task task) {
                observers.forEach(observer -> observer.started(task));
            }

            @Override
            public void ended(Task task) {
                observers.forEach(observer -> observer.ended(task));
            }
        };
    }
}
