package dev.crawlyard.store.schedules;

import java.time.Instant;

/**
 * A schedule's row.
 *
 * @param settings            what it runs and when
 * @param paused              whether it is paused (by a user, or by itself after failed runs)
 * @param pauseNote           why it was paused, or null
 * @param consecutiveFailures how many runs in a row have failed since the last one that did not
 * @param brokenReason        why the platform could not set the schedule up on its backend, or null when it runs
 */
public record Schedule(long id, ScheduleSettings settings, boolean paused, String pauseNote,
        int consecutiveFailures, Instant createdAt, Instant updatedAt, String brokenReason) {

    /** A schedule that is not broken. */
    public Schedule(long id, ScheduleSettings settings, boolean paused, String pauseNote, int consecutiveFailures,
            Instant createdAt, Instant updatedAt) {
        this(id, settings, paused, pauseNote, consecutiveFailures, createdAt, updatedAt, null);
    }

    /** The workflow or Temporal Schedule id of a schedule. */
    public static String temporalId(long scheduleId) {
        return "schedule-" + scheduleId;
    }

    /** Whether firings of this schedule make tasks now. */
    public boolean active() {
        return settings.enabled() && !paused;
    }
}
