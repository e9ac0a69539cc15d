package dev.crawlyard.workflows.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Input of {@link FileActivities#syncFiles}.
 *
 * @param taskId        the task whose workspace is made
 * @param spiderId      the spider the files belong to
 * @param attempt       which run of the task this prepares, from 1
 * @param files         inline files, relative path to text: kept for the histories of requests made before
 *                      spider versions; a node refuses a request with any (the API sends none)
 * @param spiderVersion the version whose files the workspace holds, or null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncRequest(long taskId, long spiderId, int attempt, Map<String, String> files, Integer spiderVersion) {

    public SyncRequest {
        files = files == null ? Map.of() : Map.copyOf(files);
        attempt = Math.max(1, attempt);
    }
}
