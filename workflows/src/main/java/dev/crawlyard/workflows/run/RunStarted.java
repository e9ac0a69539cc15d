package dev.crawlyard.workflows.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a run made: its tasks, each with its workflow started.
 *
 * @param taskIds the tasks' ids, in the order they were made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStarted(List<Long> taskIds) {

    public RunStarted {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }
}
