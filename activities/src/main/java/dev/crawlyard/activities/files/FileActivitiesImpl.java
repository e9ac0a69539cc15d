package dev.crawlyard.activities.files;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.files.SpiderFilePath;
import dev.crawlyard.workflows.files.SyncRequest;
import dev.crawlyard.workflows.files.SyncResult;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims a task for this node and writes the spider's files into a fresh workspace. */
public final class FileActivitiesImpl implements FileActivities {

    private static final Logger log = LoggerFactory.getLogger(FileActivitiesImpl.class);

    /** The failure type of a claim refused because the node is full or disabled; it is retried. */
    public static final String NODE_FULL = "NODE_FULL";

    private final LocalNode node;
    private final TaskStore tasks;
    private final RunnerSlots slots;

    public FileActivitiesImpl(LocalNode node, TaskStore tasks, RunnerSlots slots) {
        this.node = node;
        this.tasks = tasks;
        this.slots = slots;
    }

    @Override
    public SyncResult syncFiles(SyncRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            if (!slots.tryAcquire(request.taskId())) {
                // Refused, and offered again by Temporal: to another node, for a random task.
                throw ApplicationFailure.newFailure("node " + node.key() + " has no free runner or is disabled",
                        NODE_FULL);
            }
            try {
                return sync(request);
            } catch (RuntimeException e) {
                slots.release(request.taskId());
                throw e;
            }
        }
    }

    private SyncResult sync(SyncRequest request) {
        claim(request.taskId(), request.attempt());
        Path workspace = node.workspace(request.taskId());
        try {
            // A retried sync starts from an empty workspace, so it never mixes two attempts' files.
            Workspaces.deleteRecursively(workspace);
            Files.createDirectories(workspace);
            long bytes = 0;
            for (Map.Entry<String, String> file : request.files().entrySet()) {
                Path target = resolveInside(workspace, file.getKey());
                Files.createDirectories(target.getParent());
                byte[] body = file.getValue().getBytes(StandardCharsets.UTF_8);
                Files.write(target, body);
                bytes += body.length;
            }
            log.info("synced {} files ({} bytes) into {}", request.files().size(), bytes, workspace);
            return new SyncResult(node.key(), workspace.toString(), request.files().size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the workspace " + workspace, e);
        }
    }

    /**
     * Makes this node the task's node: the first attempt moves the task to preparing, a retry (the
     * task is preparing or running already) only records the node.
     */
    private void claim(long taskId, int attempt) {
        // A task that ended (it was cancelled) before this node took it has nothing to sync.
        if (attempt > 1) {
            if (!tasks.recordNode(taskId, node.key())) {
                throw ApplicationFailure.newNonRetryableFailure("task " + taskId + " has ended", ErrorKind.SYSTEM.name());
            }
            return;
        }
        try {
            tasks.transition(taskId, TaskStatus.PREPARING, TaskChange.onNode(node.key()));
        } catch (IllegalTransitionException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.SYSTEM.name());
        }
    }

    private static Path resolveInside(Path workspace, String relative) {
        String checked;
        try {
            checked = SpiderFilePath.check(relative);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.CONFIG.name());
        }
        Path target = workspace.resolve(checked).normalize();
        if (!target.startsWith(workspace)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "file path escapes the workspace: " + relative, ErrorKind.CONFIG.name());
        }
        return target;
    }
}
