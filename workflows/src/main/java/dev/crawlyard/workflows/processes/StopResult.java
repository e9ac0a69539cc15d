package dev.crawlyard.workflows.processes;

import dev.crawlyard.workflows.task.StopMode;

/**
 * Output of {@link ProcessActivities#stopProcess}.
 *
 * @param wasRunning whether a process was running on this node for the task
 * @param stopMode   how it was stopped; {@link StopMode#NONE} when nothing was running
 */
public record StopResult(boolean wasRunning, StopMode stopMode) {
}
