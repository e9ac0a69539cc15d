package dev.crawlyard.workflows.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link RunActivities#makeTasks}.
 *
 * @param runKey the run's workflow id, which its tasks carry, so that a retry finds them
 * @param order  what to make
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MakeTasksRequest(String runKey, RunOrder order) {
}
