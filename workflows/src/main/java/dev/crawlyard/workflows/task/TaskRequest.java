package dev.crawlyard.workflows.task;

import java.time.Duration;
import java.util.Map;

/**
 * Everything a task needs to run, fixed when the task is created so that the workflow never has
 * to read anything else.
 *
 * @param taskId          the task row's id; the workflow id is {@code task-<taskId>}
 * @param spiderId        the spider the task runs
 * @param command         the shell command that starts the spider, run in the task's workspace
 * @param files           the spider's files, relative path to text
 * @param params          parameters handed to the spider in its config file
 * @param env             environment variables added to the spider's process
 * @param runtimeLimit    how long the process may run before it is stopped as timed out; zero for no limit
 * @param nodeWait        how long the task may wait for a node to take it before it ends abnormal
 * @param stopGracePeriod how long a stopped spider gets between SIGTERM and SIGKILL
 */
public record TaskRequest(
        long taskId,
        long spiderId,
        String command,
        Map<String, String> files,
        Map<String, String> params,
        Map<String, String> env,
        Duration runtimeLimit,
        Duration nodeWait,
        Duration stopGracePeriod) {

    /** Used when a request names no node wait. */
    public static final Duration DEFAULT_NODE_WAIT = Duration.ofMinutes(10);

    /** Used when a request names no grace period. */
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);

    public TaskRequest {
        files = files == null ? Map.of() : Map.copyOf(files);
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
        nodeWait = nodeWait == null ? DEFAULT_NODE_WAIT : nodeWait;
        stopGracePeriod = stopGracePeriod == null ? DEFAULT_STOP_GRACE_PERIOD : stopGracePeriod;
    }

    /** The workflow id of a task. */
    public static String workflowId(long taskId) {
        return "task-" + taskId;
    }

    /** True when the process has a runtime limit. */
    public boolean hasRuntimeLimit() {
        return !runtimeLimit.isZero() && !runtimeLimit.isNegative();
    }
}
