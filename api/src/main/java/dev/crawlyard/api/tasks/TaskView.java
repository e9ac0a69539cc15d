package dev.crawlyard.api.tasks;

import dev.crawlyard.store.tasks.Task;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A task as the API shows it. */
public record TaskView(
        long id,
        long spiderId,
        String status,
        String command,
        Map<String, String> params,
        Map<String, String> env,
        long runtimeLimitSeconds,
        String node,
        Integer exitCode,
        String stopMode,
        String errorKind,
        String errorMessage,
        long logLines,
        Instant cancelRequestedAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    static TaskView of(Task task) {
        return new TaskView(task.id(), task.spiderId(), task.status().wireName(), task.command(), task.params(),
                task.env(), task.runtimeLimit().toSeconds(), task.nodeKey(), task.exitCode(),
                task.stopMode().name().toLowerCase(Locale.ROOT),
                task.errorKind() == null ? null : task.errorKind().name().toLowerCase(Locale.ROOT),
                task.errorMessage(), task.logLines(), task.cancelRequestedAt(), task.createdAt(), task.startedAt(),
                task.finishedAt());
    }
}
