package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a task's outcome on its row, and tells the observer about the task that ended. */
public final class TaskActivitiesImpl implements TaskActivities {

    private static final Logger log = LoggerFactory.getLogger(TaskActivitiesImpl.class);

    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final TaskObserver observer;

    public TaskActivitiesImpl(TaskStore tasks, AttemptStore attempts) {
        this(tasks, attempts, TaskObserver.NONE);
    }

    public TaskActivitiesImpl(TaskStore tasks, AttemptStore attempts, TaskObserver observer) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.observer = observer;
    }

    @Override
    public void finalizeTask(FinalizeRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            TaskOutcome outcome = request.outcome();
            if (tasks.find(request.taskId()).isEmpty()) {
                // A task-<id> workflow that the API did not start: there is nothing to record, and
                // retrying for a day would not make a row appear.
                log.warn("no task {} to record the outcome {} on: its workflow was not started by the API",
                        request.taskId(), outcome.status().wireName());
                return;
            }
            boolean ended = false;
            try {
                tasks.transition(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(),
                        outcome.exitCode(), outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
                ended = true;
            } catch (IllegalTransitionException e) {
                // A retry of this activity after its write went through (a later step failed) finds the
                // outcome already there, and carries on. Any other terminal row means a bug, so say so
                // loudly but do not retry for a day a write that can never succeed.
                ended = tasks.find(request.taskId()).map(task -> task.status() == outcome.status()).orElse(false);
                if (!ended) {
                    log.error("could not record the outcome {}: {}", outcome, e.getMessage());
                }
            }
            // The counts on the row are made to match the rows in the tables, whatever the reports said.
            tasks.freezeCounts(request.taskId());
            attempts.closeOpen(request.taskId());
            // The observer hears of the task once its row is final: the counts are frozen, the attempts closed.
            if (ended) {
                tasks.find(request.taskId()).ifPresent(this::tell);
            }
        }
    }

    private void tell(Task task) {
        observer.ended(task);
    }
}
