package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param scheduleId the schedule that fired
 * @param firing     identifies the firing (its workflow run), so that a retry finds its tasks
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartRunRequest(long scheduleId, String firing) {
}
