package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.DispatchMode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
 * @param dispatchMode how the run request chose nodes
 * @param pinnedNode   the node the task must run on, or null
 * @param reassign     whether a pinned task may move to another node when its node does not take it
 * @param groupId      shared by the tasks of one run request for several nodes, or null
 * @param spiderVersion the version of the spider's files it runs, or null if the spider has none
 * @param scheduleId   the schedule whose firing made it, or null for a task run by hand
 * @param runKey       the run request or schedule firing that made it (one run's tasks share it), or null
 * @param container    the container it runs in, or null for a process
 */
public record NewTask(long spiderId, String command, Map<String, String> params, Map<String, String> env,
        Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, DispatchMode dispatchMode, String pinnedNode,
        boolean reassign, UUID groupId, Integer spiderVersion, Long scheduleId, String runKey,
        ContainerSpec container) {

    /** A task that runs as a process. */
    public NewTask(long spiderId, String command, Map<String, String> params, Map<String, String> env,
            Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, DispatchMode dispatchMode,
            String pinnedNode, boolean reassign, UUID groupId, Integer spiderVersion, Long scheduleId,
            String runKey) {
        this(spiderId, command, params, env, runtimeLimit, memoryLimitBytes, maxAttempts, dispatchMode, pinnedNode,
                reassign, groupId, spiderVersion, scheduleId, runKey, null);
    }

    /** A task run by hand, not by a schedule, and outside any run (tests make these). */
    public NewTask(long spiderId, String command, Map<String, String> params, Map<String, String> env,
            Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, DispatchMode dispatchMode,
            String pinnedNode, boolean reassign, UUID groupId, Integer spiderVersion) {
        this(spiderId, command, params, env, runtimeLimit, memoryLimitBytes, maxAttempts, dispatchMode, pinnedNode,
                reassign, groupId, spiderVersion, null, null, null);
    }

    public NewTask {
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
        maxAttempts = Math.max(1, maxAttempts);
        dispatchMode = dispatchMode == null ? DispatchMode.RANDOM : dispatchMode;
    }
}
