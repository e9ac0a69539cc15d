package dev.crawlyard.store.artifacts;

import java.time.Instant;

/**
 * A file a task's run left in its output directory.
 *
 * @param taskId    the task
 * @param attempt   the run that wrote it
 * @param path      its path relative to the output directory, '/'-separated
 * @param size      its size in bytes when the run ended
 * @param sha256    the hash its body is stored under, or null when it was refused
 * @param refused   why it was not kept (over a limit, not a regular file), or null when it was kept
 * @param createdAt when it was recorded
 */
public record Artifact(long taskId, int attempt, String path, long size, String sha256, String refused,
        Instant createdAt) {

    /** Whether its body is stored. */
    public boolean kept() {
        return sha256 != null;
    }
}
