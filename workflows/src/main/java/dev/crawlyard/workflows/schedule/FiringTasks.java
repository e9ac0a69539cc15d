package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.TaskRequest;
import java.util.List;

/**
 * The tasks a firing made.
 *
 * @param tasks      their workflow inputs, one per task; empty if the schedule made none
 * @param skipReason why none were made, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FiringTasks(List<TaskRequest> tasks, String skipReason) {

    public FiringTasks {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
