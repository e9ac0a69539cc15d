package dev.crawlyard.planning.schedules;

import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import java.time.Instant;
import java.util.List;

/**
 * Where a schedule's firings come from: a Temporal Schedule on a server that has the Schedules
 * API, or a Temporal cron workflow on one that does not (the embedded test server). Both fire
 * {@code ScheduledRunWorkflow} with the schedule's id; the schedule's row stays the source of its
 * settings.
 */
public interface ScheduleBackend {

    /** The backend's name, as logged and shown by the API. */
    String name();

    /** Something in a schedule's settings that this backend cannot run, and why. */
    record Refusal(String field, String message) {
    }

    /**
     * What in these settings this backend would refuse or run differently from {@code cron}; empty
     * when it runs them as they are. Checked before a schedule is stored.
     */
    List<Refusal> refusals(ScheduleSettings settings, CronSpec cron);

    /** Starts firing a new, or replaces an updated, schedule; a paused or disabled one is set up not firing. */
    void apply(Schedule schedule);

    /** Stops firing; a run in progress goes on. */
    void pause(Schedule schedule, String note);

    /**
     * Stops firing, called by a firing of the schedule itself (an auto-pause). The schedule's row
     * is already paused, and a firing of a paused schedule makes no task.
     */
    void pauseFromFiring(Schedule schedule, String note);

    /** Fires as planned again. */
    void unpause(Schedule schedule);

    /** Fires once now, outside the plan. */
    void trigger(Schedule schedule);

    /**
     * Fires for each planned time in the range, as if it had been running then.
     *
     * @throws UnsupportedOperationException with a message for the user where the backend cannot
     */
    void backfill(Schedule schedule, Instant from, Instant to);

    /** Stops firing for good. */
    void delete(long scheduleId);
}
