package dev.crawlyard.workflows.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.TaskRequest;
import java.util.List;

/**
 * Output of {@link RunActivities#makeTasks}.
 *
 * @param tasks the workflow inputs of the run's tasks, in the order they were made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunTasks(List<TaskRequest> tasks) {

    public RunTasks {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
