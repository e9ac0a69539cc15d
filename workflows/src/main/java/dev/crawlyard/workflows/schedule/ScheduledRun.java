package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of a firing: only the schedule's id, because the firing reads the schedule's settings
 * when it fires, so that an update applies from the next firing on.
 *
 * @param scheduleId the schedule that fired
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledRun(long scheduleId) {
}
