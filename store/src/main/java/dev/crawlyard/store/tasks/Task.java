package dev.crawlyard.store.tasks;

import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A task's row: the read model that lists and filters tasks.
 *
 * @param spiderVersion the version of the spider's files it runs, or null if the spider had none
 * @param sync          what its node did to give it its files, or null before that
 * @param scheduleId    the schedule whose firing made it, or null for a task run by hand
 * @param attempt       the attempt a node took last, from 1 (0 while no node has taken it): the task's
 *                      counts and, by default, its items and log lines are this attempt's
 * @param dataDeletedAt when its items and log were deleted, or null while they are kept
 * @param container     the container it runs in, or null for a process
 */
public record Task(
        long id,
        long spiderId,
        TaskStatus status,
        String command,
        Map<String, String> params,
        Map<String, String> env,
        Duration runtimeLimit,
        long memoryLimitBytes,
        int maxAttempts,
        DispatchMode dispatchMode,
        String pinnedNode,
        boolean reassign,
        UUID groupId,
        String nodeKey,
        Integer exitCode,
        StopMode stopMode,
        ErrorKind errorKind,
        String errorMessage,
        TaskProgress progress,
        String result,
        Instant cancelRequestedAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Integer spiderVersion,
        FileSync sync,
        Long scheduleId,
        int attempt,
        Instant dataDeletedAt,
        ContainerSpec container) {
}
