package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;

/**
 * Writes the outcome its workflow decided on the task's row, through {@link TaskEndings}, and tells
 * the observer about the task that ended.
 */
public final class TaskActivitiesImpl implements TaskActivities {

    private final TaskEndings endings;
    private final TaskStore tasks;
    private final TaskObserver observer;

    public TaskActivitiesImpl(TaskEndings endings, TaskStore tasks) {
        this(endings, tasks, TaskObserver.NONE);
    }

    public TaskActivitiesImpl(TaskEndings endings, TaskStore tasks, TaskObserver observer) {
        this.endings = endings;
        this.tasks = tasks;
        this.observer = observer;
    }

    @Override
    public void finalizeTask(FinalizeRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            TaskOutcome outcome = request.outcome();
            // A second end is refused by the guard and logged, not retried: a retry could never succeed.
            endings.end(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(), outcome.exitCode(),
                    outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
            // The observer sees the final row (the counts frozen, the attempts closed) of a task that
            // ended as its workflow decided, also on a retry of this step after the write went
            // through (the observer failed): its webhook deliveries are keyed by the event, so a
            // second telling sends nothing twice.
            tasks.find(request.taskId()).filter(task -> task.status() == outcome.status()).ifPresent(observer::ended);
        }
    }
}
