package dev.crawlyard.workflows.processes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * Input of {@link ProcessActivities#stopProcess}.
 *
 * @param taskId      the task whose process is stopped
 * @param gracePeriod how long between SIGTERM and SIGKILL
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StopRequest(long taskId, Duration gracePeriod) {
}
