package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome its workflow decided on the task's row, through {@link TaskEndings}, saves its
 * spider's state when the task succeeded, and tells the observer about the task that ended.
 */
public final class TaskActivitiesImpl implements TaskActivities {

    private static final Logger log = LoggerFactory.getLogger(TaskActivitiesImpl.class);

    private final TaskEndings endings;
    private final TaskStore tasks;
    private final SpiderStateStore states;
    private final TaskObserver observer;

    public TaskActivitiesImpl(TaskEndings endings, TaskStore tasks, SpiderStateStore states) {
        this(endings, tasks, states, TaskObserver.NONE);
    }

    public TaskActivitiesImpl(TaskEndings endings, TaskStore tasks, SpiderStateStore states, TaskObserver observer) {
        this.endings = endings;
        this.tasks = tasks;
        this.states = states;
        this.observer = observer;
    }

    @Override
    public void finalizeTask(FinalizeRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            TaskOutcome outcome = request.outcome();
            // A second end is refused by the guard and logged, not retried: a retry could never succeed.
            endings.end(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(), outcome.exitCode(),
                    outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
            // Only a run that succeeded moves its spider's state on; the store checks the row says
            // finished, and a retried finalize saves the same state again. Saved before the
            // observer's webhooks go out, so that a receiver that reads the state finds it.
            if (outcome.status() == TaskStatus.FINISHED && states.saveFromTask(request.taskId())) {
                log.info("saved the spider's state from this task");
            }
            // The observer sees the final row (the counts frozen, the attempts closed) of a task that
            // ended as its workflow decided, also on a retry of this step after the write went
            // through (the observer failed): its webhook deliveries are keyed by the event, so a
            // second telling sends nothing twice.
            tasks.find(request.taskId()).filter(task -> task.status() == outcome.status()).ifPresent(observer::ended);
        }
    }
}
