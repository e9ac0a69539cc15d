package dev.crawlyard.workflows.task;

/**
 * Input of {@link TaskActivities#finalizeTask}.
 *
 * @param taskId  the task
 * @param outcome how it ended
 */
public record FinalizeRequest(long taskId, TaskOutcome outcome) {
}
