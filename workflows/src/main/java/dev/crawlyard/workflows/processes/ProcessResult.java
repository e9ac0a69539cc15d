package dev.crawlyard.workflows.processes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.StopMode;

/**
 * Output of {@link ProcessActivities#runProcess}.
 *
 * @param end      why the process ended
 * @param exitCode its exit status as the OS reported it (128 + signal number when a signal ended it)
 * @param stopMode how the platform stopped it, if it did
 * @param logLines how many lines of output were stored as log lines
 * @param items    how many items were stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessResult(ProcessEnd end, int exitCode, StopMode stopMode, long logLines, long items) {
}
