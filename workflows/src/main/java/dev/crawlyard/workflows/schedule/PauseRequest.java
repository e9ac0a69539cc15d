package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param scheduleId the schedule to pause
 * @param note       why, shown with the schedule
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PauseRequest(long scheduleId, String note) {
}
