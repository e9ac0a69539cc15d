package dev.crawlyard.activities.artifacts;

/**
 * How much of what a run leaves in its output directory is kept as the task's artifacts. A file
 * over a limit is refused and said so in the task's log, never dropped without a word.
 *
 * @param maxFiles      the most files one run keeps; the first in path order are kept
 * @param maxFileBytes  the largest file kept
 * @param maxTotalBytes the most bytes one run keeps in all
 */
public record ArtifactLimits(int maxFiles, long maxFileBytes, long maxTotalBytes) {

    public static final int DEFAULT_MAX_FILES = 100;
    public static final long DEFAULT_MAX_FILE_BYTES = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 128L * 1024 * 1024;

    public ArtifactLimits {
        if (maxFiles < 0 || maxFileBytes < 0 || maxTotalBytes < 0) {
            throw new IllegalArgumentException("artifact limits cannot be negative");
        }
    }

    public static ArtifactLimits defaults() {
        return new ArtifactLimits(DEFAULT_MAX_FILES, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES);
    }
}
