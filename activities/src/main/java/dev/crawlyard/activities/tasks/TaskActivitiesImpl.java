package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome its workflow decided on the task's row, through {@link TaskEndings}, and saves
 * its spider's state when the task succeeded.
 */
public final class TaskActivitiesImpl implements TaskActivities {

    private static final Logger log = LoggerFactory.getLogger(TaskActivitiesImpl.class);

    private final TaskEndings endings;
    private final SpiderStateStore states;

    public TaskActivitiesImpl(TaskEndings endings, SpiderStateStore states) {
        this.endings = endings;
        this.states = states;
    }

    @Override
    public void finalizeTask(FinalizeRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            TaskOutcome outcome = request.outcome();
            // A second end is refused by the guard and logged, not retried: a retry could never succeed.
            endings.end(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(), outcome.exitCode(),
                    outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
            // Only a run that succeeded moves its spider's state on; the store checks the row says
            // finished, and a retried finalize saves the same state again.
            if (outcome.status() == TaskStatus.FINISHED && states.saveFromTask(request.taskId())) {
                log.info("saved the spider's state from this task");
            }
        }
    }
}
