package dev.crawlyard.workflows.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Output of {@link FileActivities#syncFiles}.
 *
 * @param nodeKey          the node that took the task; the rest of the task runs on its queue
 * @param workspace        the absolute path of the task's workspace on that node
 * @param files            how many files the workspace holds
 * @param bytes            how many bytes they hold
 * @param filesTransferred how many file bodies the node fetched from the database (the rest came from its cache)
 * @param bytesTransferred how many bytes those bodies held
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncResult(String nodeKey, String workspace, int files, long bytes, int filesTransferred,
        long bytesTransferred) {
}
