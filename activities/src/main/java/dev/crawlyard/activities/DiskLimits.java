package dev.crawlyard.activities;

/**
 * How much of its disk a node keeps for what tasks leave behind.
 *
 * @param keepWorkspaces   how many ended tasks keep their workspace and run directory on the node, newest
 *                         first, for debugging; older ones are removed when a task ends
 * @param blobCacheBytes   the most bytes the cache of file bodies may hold; least recently used bodies
 *                         go first, never one a sync in progress uses; 0 for no cap
 * @param environmentBytes the most bytes the dependency environments may hold; least recently used
 *                         environments go first, never one a task on the node uses; 0 for no cap
 */
public record DiskLimits(int keepWorkspaces, long blobCacheBytes, long environmentBytes) {

    public static final int DEFAULT_KEEP_WORKSPACES = 5;
    public static final long DEFAULT_BLOB_CACHE_BYTES = 1024L * 1024 * 1024;
    public static final long DEFAULT_ENVIRONMENT_BYTES = 10L * 1024 * 1024 * 1024;

    public DiskLimits {
        keepWorkspaces = Math.max(0, keepWorkspaces);
        blobCacheBytes = Math.max(0, blobCacheBytes);
        environmentBytes = Math.max(0, environmentBytes);
    }

    public static DiskLimits defaults() {
        return new DiskLimits(DEFAULT_KEEP_WORKSPACES, DEFAULT_BLOB_CACHE_BYTES, DEFAULT_ENVIRONMENT_BYTES);
    }
}
