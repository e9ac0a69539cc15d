package dev.crawlyard.api.tasks;

import dev.crawlyard.store.tasks.Attempt;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskProgress;
import dev.crawlyard.api.spiders.SecretEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task as the API shows it. {@code attempt} is the number of the last attempt a node took, whose
 * items and log lines {@code items} and {@code logLines} count (a crawler's {@code items} count all
 * its attempts': they add up); {@code attempts} lists every attempt, for a single task (it is left
 * out of lists), and so does {@code workflowUrl}, the task's workflow in the Temporal UI when
 * {@code crawlyard.api.temporal-ui-url} is set.
 */
public record TaskView(
        long id,
        long spiderId,
        String status,
        String command,
        Map<String, String> params,
        Map<String, String> env,
        long runtimeLimitSeconds,
        long memoryLimitMb,
        int maxAttempts,
        String dispatchMode,
        String pinnedNode,
        boolean reassign,
        UUID groupId,
        String node,
        Integer exitCode,
        String stopMode,
        String errorKind,
        String errorMessage,
        long items,
        long logLines,
        long warnings,
        ProgressView progress,
        JsonNode result,
        Long runtimeMillis,
        Instant cancelRequestedAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int attempt,
        List<AttemptView> attempts,
        Integer spiderVersion,
        SyncView sync,
        Long scheduleId,
        Instant dataDeletedAt,
        String workflowUrl) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the spider last reported. */
    public record ProgressView(String stage, Long current, Long total, Double percentage, long errorsReported,
            String lastError, Instant lastHeartbeatAt) {
    }

    /**
     * What the task's node did to give it its files (the latest sync, if the task was retried).
     *
     * @param files            files in the workspace
     * @param bytes            their bytes
     * @param filesTransferred bodies the node fetched from the database; the rest came from its cache
     * @param bytesTransferred their bytes
     * @param millis           how long the sync took on the node
     */
    public record SyncView(int files, long bytes, int filesTransferred, long bytesTransferred, long millis) {
    }

    /** One run of the task. */
    public record AttemptView(int attempt, String node, Instant startedAt, Instant endedAt, String outcome,
            Integer exitCode, String error) {
    }

    public static TaskView of(Task task) {
        return of(task, null, null);
    }

    /** A single task's view: with its attempts and, when the Temporal UI's address is set, a link to its workflow. */
    static TaskView of(Task task, List<Attempt> attempts, String workflowUrl) {
        TaskProgress p = task.progress();
        Instant end = task.finishedAt() != null ? task.finishedAt() : Instant.now();
        Long runtime = task.startedAt() == null ? null : Duration.between(task.startedAt(), end).toMillis();
        return new TaskView(task.id(), task.spiderId(), task.status().wireName(), task.command(), task.params(),
                SecretEnv.masked(task.command(), task.env()), task.runtimeLimit().toSeconds(), task.memoryLimitBytes() / (1024 * 1024),
                task.maxAttempts(), task.dispatchMode().wireName(), task.pinnedNode(), task.reassign(), task.groupId(),
                task.nodeKey(), task.exitCode(),
                task.stopMode().name().toLowerCase(Locale.ROOT),
                task.errorKind() == null ? null : task.errorKind().name().toLowerCase(Locale.ROOT),
                task.errorMessage(), p.items(), p.logLines(), p.warnings(),
                new ProgressView(p.stage(), p.current(), p.total(), p.percentage(), p.errorsReported(), p.lastError(),
                        p.lastHeartbeatAt()),
                task.result() == null ? null : JSON.readTree(task.result()),
                runtime, task.cancelRequestedAt(), task.createdAt(), task.startedAt(), task.finishedAt(),
                task.attempt(),
                attempts == null ? null : attempts.stream()
                        .map(a -> new AttemptView(a.attempt(), a.nodeKey(), a.startedAt(), a.endedAt(), a.outcome(),
                                a.exitCode(), a.error()))
                        .toList(),
                task.spiderVersion(),
                task.sync() == null ? null : new SyncView(task.sync().files(), task.sync().bytes(),
                        task.sync().filesTransferred(), task.sync().bytesTransferred(), task.sync().millis()),
                task.scheduleId(), task.dataDeletedAt(), workflowUrl);
    }
}
