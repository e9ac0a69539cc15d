package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param scheduleId the schedule to pause
 * @param note       why, shown with the schedule
 * @param firing     the firing whose run made it pause, or null (a request from before it was sent)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PauseRequest(long scheduleId, String note, String firing) {
}
