package dev.crawlyard.workflows.processes;

import java.time.Duration;
import java.util.Map;

/**
 * Input of {@link ProcessActivities#runProcess}.
 *
 * @param taskId          the task
 * @param spiderId        its spider
 * @param workspace       where the process runs
 * @param command         the shell command to run
 * @param params          parameters written to the task's config file
 * @param env             extra environment variables
 * @param runtimeLimit    how long the process may run; zero for no limit
 * @param stopGracePeriod how long between SIGTERM and SIGKILL when the process must be stopped
 */
public record RunRequest(
        long taskId,
        long spiderId,
        String workspace,
        String command,
        Map<String, String> params,
        Map<String, String> env,
        Duration runtimeLimit,
        Duration stopGracePeriod) {

    public RunRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
    }
}
