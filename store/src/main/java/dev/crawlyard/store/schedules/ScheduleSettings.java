package dev.crawlyard.store.schedules;

import dev.crawlyard.workflows.task.DispatchMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a schedule runs and when: everything a user sets, written on create and replaced on update.
 *
 * @param spiderId       the spider it runs
 * @param spiderVersion  the version of the spider's files to run, or null for its current version at fire time
 * @param cron           a five-field cron expression (minute hour day-of-month month day-of-week)
 * @param timeZone       the IANA time zone the cron expression is read in
 * @param params         parameters for each run
 * @param env            environment for each run, over the spider's own
 * @param dispatchMode   how each firing chooses nodes
 * @param nodes          for {@code selected}: the node keys
 * @param reassign       a pinned task whose node does not take it runs on another node
 * @param overlap        what a firing does while the previous run is still going
 * @param maxAttempts    overrides the spider's attempts, or null
 * @param runtimeLimit   overrides the spider's runtime limit (zero: none), or null
 * @param enabled        a disabled schedule never fires
 * @param autoPauseAfter the schedule pauses itself after this many consecutive failed runs
 */
public record ScheduleSettings(long spiderId, Integer spiderVersion, String cron, String timeZone,
        Map<String, String> params, Map<String, String> env, DispatchMode dispatchMode, List<String> nodes,
        boolean reassign, OverlapPolicy overlap, Integer maxAttempts, Duration runtimeLimit, boolean enabled,
        int autoPauseAfter) {

    public static final int DEFAULT_AUTO_PAUSE_AFTER = 10;

    public ScheduleSettings {
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        dispatchMode = dispatchMode == null ? DispatchMode.RANDOM : dispatchMode;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
        autoPauseAfter = autoPauseAfter < 1 ? DEFAULT_AUTO_PAUSE_AFTER : autoPauseAfter;
    }
}
