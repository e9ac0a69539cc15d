package dev.crawlyard.activities.tasks;

import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.FinalizeRequest;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a task's outcome on its row, and saves its spider's state when it succeeded. */
public final class TaskActivitiesImpl implements TaskActivities {

    private static final Logger log = LoggerFactory.getLogger(TaskActivitiesImpl.class);

    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final SpiderStateStore states;

    public TaskActivitiesImpl(TaskStore tasks, AttemptStore attempts, SpiderStateStore states) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.states = states;
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
            try {
                tasks.transition(request.taskId(), outcome.status(), new TaskChange(outcome.nodeKey(),
                        outcome.exitCode(), outcome.stopMode(), outcome.errorKind(), outcome.errorMessage()));
            } catch (IllegalTransitionException e) {
                // Only the workflow ends a task, once; a terminal row here means a bug, so say so loudly
                // but do not retry for a day a write that can never succeed.
                log.error("could not record the outcome {}: {}", outcome, e.getMessage());
            }
            if (outcome.status() == TaskStatus.FINISHED && states.saveFromTask(request.taskId())) {
                // Only a run that succeeded moves its spider's state on (a retried finalize saves it again).
                log.info("saved the spider's state from this task");
            }
            // The counts on the row are made to match the rows in the tables, whatever the reports said.
            tasks.freezeCounts(request.taskId());
            attempts.closeOpen(request.taskId());
        }
    }
}
