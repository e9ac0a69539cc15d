package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link TaskActivities#finalizeTask}.
 *
 * @param taskId  the task
 * @param outcome how it ended
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FinalizeRequest(long taskId, TaskOutcome outcome) {
}
