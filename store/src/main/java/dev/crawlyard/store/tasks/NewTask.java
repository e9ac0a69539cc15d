package dev.crawlyard.store.tasks;

import java.time.Duration;
import java.util.Map;

/**
 * A task about to be created.
 *
 * @param spiderId     the spider it runs
 * @param command      the command, copied from the spider so that the task keeps what it ran
 * @param params       parameters for this run
 * @param env          environment for this run (the spider's, with the run's overrides)
 * @param runtimeLimit zero for none
 * @param memoryLimitBytes zero for none
 * @param maxAttempts  how many times a failing run is tried in all
 * @param spiderVersion the version of the spider's files it runs, or null if the spider has none
 */
public record NewTask(long spiderId, String command, Map<String, String> params, Map<String, String> env,
        Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, Integer spiderVersion) {

    public NewTask {
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
        maxAttempts = Math.max(1, maxAttempts);
    }
}
