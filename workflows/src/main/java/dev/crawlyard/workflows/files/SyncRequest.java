package dev.crawlyard.workflows.files;

import java.util.Map;

/**
 * Input of {@link FileActivities#syncFiles}.
 *
 * @param taskId   the task whose workspace is made
 * @param spiderId the spider the files belong to
 * @param files    relative path to text
 */
public record SyncRequest(long taskId, long spiderId, Map<String, String> files) {

    public SyncRequest {
        files = files == null ? Map.of() : Map.copyOf(files);
    }
}
