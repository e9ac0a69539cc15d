package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a firing did.
 *
 * @param taskIds    the tasks it made; empty when the schedule was paused, disabled or gone
 * @param succeeded  whether every task finished
 * @param autoPaused whether this firing paused the schedule after too many failed runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledRunResult(List<Long> taskIds, boolean succeeded, boolean autoPaused) {

    public ScheduledRunResult {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }
}
