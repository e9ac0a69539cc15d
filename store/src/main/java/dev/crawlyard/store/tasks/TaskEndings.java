package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.TaskStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes a task's end: its final status through the transition guard, its
 * attempts that never ended closed with an outcome, and its counts set from the rows. The task's
 * workflow ends its tasks here (finalize); so does the standalone platform's clean-up of tasks its
 * embedded Temporal forgot, which has no workflow left to ask.
 */
public final class TaskEndings {

    private static final Logger log = LoggerFactory.getLogger(TaskEndings.class);

    private final TaskStore tasks;
    private final AttemptStore attempts;

    public TaskEndings(TaskStore tasks, AttemptStore attempts) {
        this.tasks = tasks;
        this.attempts = attempts;
    }

    /**
     * Ends the task in {@code status} with the change's fields. Idempotent: a task that has ended
     * already keeps its first end (the guard refuses the second; that is logged, not thrown), and
     * its attempts and counts are put right either way.
     *
     * @return the task as ended now, or empty if it had ended already (or there is no such task)
     */
    public Optional<Task> end(long taskId, TaskStatus status, TaskChange change) {
        Optional<Task> ended;
        try {
            ended = Optional.of(tasks.transition(taskId, status, change));
        } catch (NoSuchTaskException e) {
            // A task-<id> workflow that the API did not start: there is nothing to record, and
            // retrying for a day would not make a row appear.
            log.warn("no task {} to record the end {} on: its workflow was not started by the API", taskId,
                    status.wireName());
            return Optional.empty();
        } catch (IllegalTransitionException e) {
            // Only one end is written; a second one means two writers, so it is said loudly.
            log.error("task {}: not recording the end {} ({}): {}", taskId, status.wireName(),
                    change.errorMessage(), e.getMessage());
            ended = Optional.empty();
        }
        attempts.closeOpen(taskId, attemptOutcome(status), change.errorMessage());
        tasks.freezeCounts(taskId);
        return ended;
    }

    /**
     * Ends every task that has not ended as {@code abnormal} with {@code message}, each through
     * {@link #end}: for a platform whose Temporal keeps no state across restarts, their workflows
     * are gone.
     *
     * @return how many tasks were ended
     */
    public int abandonLiveTasks(String message) {
        int ended = 0;
        for (long taskId : tasks.liveTaskIds()) {
            if (end(taskId, TaskStatus.ABNORMAL, TaskChange.onNode(null).withError(ErrorKind.SYSTEM, message))
                    .isPresent()) {
                ended++;
            }
        }
        return ended;
    }

    /** What an attempt that was still open when its task ended became. */
    private static String attemptOutcome(TaskStatus status) {
        return switch (status) {
            case CANCELLED -> "stopped";
            case TIMED_OUT -> "timed_out";
            case FINISHED -> "exited";
            case ERROR -> "failed";
            default -> "lost";
        };
    }
}
