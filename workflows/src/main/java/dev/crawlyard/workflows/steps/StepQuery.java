package dev.crawlyard.workflows.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link StepActivities#stepAtWork}.
 *
 * @param workflowId   the workflow whose step it is
 * @param activityType the step's activity type, e.g. {@code RunProcess}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepQuery(String workflowId, String activityType) {
}
