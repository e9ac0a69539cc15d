package dev.crawlyard.api.schedules;

import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A schedule as the API shows it. {@code brokenReason} says why the platform could not set it up
 * on its backend (it then does not fire until it is replaced); null when it runs.
 */
public record ScheduleView(long id, long spiderId, Integer version, String cron, String timeZone,
        Map<String, String> params, Map<String, String> env, String mode, List<String> nodes, boolean reassign,
        String overlap, Integer maxAttempts, Long runtimeLimitSeconds, boolean enabled, boolean paused,
        String pauseNote, int consecutiveFailures, int autoPauseAfter, String backend, String brokenReason,
        Instant createdAt, Instant updatedAt) {

    static ScheduleView of(Schedule schedule, String backend) {
        ScheduleSettings s = schedule.settings();
        return new ScheduleView(schedule.id(), s.spiderId(), s.spiderVersion(), s.cron(), s.timeZone(), s.params(),
                s.env(), s.dispatchMode().wireName(), s.nodes(), s.reassign(), s.overlap().wireName(),
                s.maxAttempts(), s.runtimeLimit() == null ? null : s.runtimeLimit().toSeconds(), s.enabled(),
                schedule.paused(), schedule.pauseNote(), schedule.consecutiveFailures(), s.autoPauseAfter(), backend,
                schedule.brokenReason(), schedule.createdAt(), schedule.updatedAt());
    }
}
