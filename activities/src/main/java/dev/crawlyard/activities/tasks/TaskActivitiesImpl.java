package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;

/** Writes the outcome its workflow decided on the task's row, through {@link TaskEndings}. */
public final class TaskActivitiesImpl implements TaskActivities {

    private final TaskEndings endings;

    public TaskActivitiesImpl(TaskEndings endings) {
        this.endings = endings;
    }

    @Override
    public void finalizeTask(FinalizeRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            TaskOutcome outcome = request.outcome();
            // A second end is refused by the guard and logged, not retried: a retry could never succeed.
            endings.end(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(), outcome.exitCode(),
                    outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
        }
    }
}
