package dev.crawlyard.workflows.processes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.StopMode;

/**
 * Output of {@link ProcessActivities#stopProcess}.
 *
 * @param wasRunning whether a process was running on this node for the task
 * @param stopMode   how it was stopped; {@link StopMode#NONE} when nothing was running
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StopResult(boolean wasRunning, StopMode stopMode) {
}
