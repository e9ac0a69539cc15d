package dev.crawlyard.activities.files;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the workspaces and run directories of tasks that have left this node (their runner was
 * given back), keeping those of the last few for debugging. A task that holds a runner keeps its
 * directories whatever their age. Directories found from the node's previous life count as ended
 * when they were last modified. Removal happens on a thread of its own, so that a task's end does
 * not wait for it.
 */
public final class FinishedWorkspaces {

    private static final Logger log = LoggerFactory.getLogger(FinishedWorkspaces.class);

    private final LocalNode node;
    private final RunnerSlots slots;
    private final int keep;
    private final Map<Long, Instant> left = new HashMap<>();
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("workspace-sweeper").factory());

    /** Sweeps once now (for what the previous life left) and after every task that leaves the node. */
    public FinishedWorkspaces(LocalNode node, RunnerSlots slots, int keep) {
        this.node = node;
        this.slots = slots;
        this.keep = Math.max(0, keep);
        slots.onRelease(this::taskLeft);
        sweeper.execute(this::sweep);
    }

    private void taskLeft(long taskId) {
        synchronized (this) {
            left.put(taskId, Instant.now());
        }
        sweeper.execute(this::sweep);
    }

    /** Removes all but the newest {@code keep} ended tasks' directories. */
    synchronized void sweep() {
        Set<Long> present = new HashSet<>();
        Map<Long, Instant> modified = new HashMap<>();
        collect(workspaces(), present, modified);
        collect(runs(), present, modified);
        present.removeAll(slots.holders());
        List<Long> ended = new ArrayList<>(present);
        ended.sort(Comparator.comparing((Long id) -> left.getOrDefault(id, modified.get(id))).reversed());
        for (Long taskId : ended.subList(Math.min(keep, ended.size()), ended.size())) {
            if (slots.holds(taskId)) {
                continue; // It came back to this node meanwhile.
            }
            try {
                Workspaces.deleteRecursively(node.workspace(taskId));
                Workspaces.deleteRecursively(node.runDirectory(taskId));
                left.remove(taskId);
            } catch (IOException e) {
                log.warn("could not remove the directories of task {}: {}", taskId, e.getMessage());
            }
        }
    }

    private Path workspaces() {
        return node.workspace(0).getParent();
    }

    private Path runs() {
        return node.runDirectory(0).getParent();
    }

    /** The task ids of the directories under {@code parent}, each with when it was last modified. */
    private static void collect(Path parent, Set<Long> ids, Map<Long, Instant> modified) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                try {
                    long id = Long.parseLong(entry.getFileName().toString());
                    Instant at = Files.getLastModifiedTime(entry).toInstant();
                    ids.add(id);
                    modified.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
                } catch (NumberFormatException | IOException e) {
                    // Not a task's directory, or gone meanwhile.
                }
            }
        } catch (IOException e) {
            log.warn("could not list {}: {}", parent, e.getMessage());
        }
    }
}
