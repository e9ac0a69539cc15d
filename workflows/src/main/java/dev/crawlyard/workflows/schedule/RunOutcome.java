package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param scheduleId the schedule
 * @param firing     the firing whose run ended
 * @param succeeded  whether every task of the run finished
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOutcome(long scheduleId, String firing, boolean succeeded) {
}
