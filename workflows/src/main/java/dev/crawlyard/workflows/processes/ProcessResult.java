package dev.crawlyard.workflows.processes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;

/**
 * Output of {@link ProcessActivities#runProcess}.
 *
 * @param end      why the process ended
 * @param exitCode its exit status as the OS reported it (128 + signal number when a signal ended it)
 * @param stopMode how the platform stopped it, if it did
 * @param logLines how many lines of output were stored as log lines
 * @param items    how many items were stored
 * @param errorKind    for a non-zero exit, what the runner made of it (e.g. {@link ErrorKind#MEMORY_LIMIT});
 *                     null from runners that predate it, which the workflow reads as {@link ErrorKind#SPIDER}
 * @param errorMessage for a non-zero exit, the runner's words for it; null as above
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessResult(ProcessEnd end, int exitCode, StopMode stopMode, long logLines, long items,
        ErrorKind errorKind, String errorMessage) {

    /** A result with nothing to say about a failure. */
    public ProcessResult(ProcessEnd end, int exitCode, StopMode stopMode, long logLines, long items) {
        this(end, exitCode, stopMode, logLines, items, null, null);
    }
}
