package dev.crawlyard.api.schedules;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/schedules} and {@code PUT /api/schedules/{id}}.
 *
 * @param spider              the spider's id or name
 * @param version             the version of its files to run; absent: its current version at fire time
 * @param cron                five-field cron: minute hour day-of-month month day-of-week
 * @param timeZone            an IANA zone the cron is read in; absent: UTC
 * @param params              parameters for each run
 * @param env                 environment for each run, over the spider's own
 * @param mode                {@code random} (default), {@code selected} or {@code all}
 * @param nodes               for {@code selected}: the node keys
 * @param reassign            a pinned task whose node does not take it runs on another node
 * @param overlap             {@code skip} (default), {@code buffer_one}, {@code buffer_all}, {@code cancel_other}, {@code allow_all}
 * @param maxAttempts         overrides the spider's attempts
 * @param runtimeLimitSeconds overrides the spider's runtime limit; 0: none
 * @param enabled             absent: true
 * @param autoPauseAfter      pause after this many consecutive failed runs; absent: 10
 */
public record ScheduleRequest(String spider, Integer version, String cron, String timeZone,
        Map<String, String> params, Map<String, String> env, String mode, List<String> nodes, Boolean reassign,
        String overlap, Integer maxAttempts, Long runtimeLimitSeconds, Boolean enabled, Integer autoPauseAfter) {

    public ScheduleRequest {
        params = params == null ? Map.of() : params;
        env = env == null ? Map.of() : env;
        nodes = nodes == null ? List.of() : nodes;
    }
}
