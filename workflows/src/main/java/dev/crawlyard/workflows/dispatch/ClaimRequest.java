package dev.crawlyard.workflows.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link DispatchActivities#claim}.
 *
 * @param taskId  the task to claim
 * @param attempt which run of the task the claim is for, from 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimRequest(long taskId, int attempt) {
}
