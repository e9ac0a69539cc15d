package dev.crawlyard.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param consecutiveFailures failed runs in a row, this one included
 * @param autoPauseAfter      the count at which the schedule pauses itself
 * @param paused              whether it is paused already
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleHealth(int consecutiveFailures, int autoPauseAfter, boolean paused) {

    /** Whether the schedule should pause itself now. */
    public boolean shouldAutoPause() {
        return !paused && consecutiveFailures >= autoPauseAfter;
    }
}
