package dev.crawlyard.workflows.processes;

import java.time.Duration;

/**
 * Input of {@link ProcessActivities#stopProcess}.
 *
 * @param taskId      the task whose process is stopped
 * @param gracePeriod how long between SIGTERM and SIGKILL
 */
public record StopRequest(long taskId, Duration gracePeriod) {
}
