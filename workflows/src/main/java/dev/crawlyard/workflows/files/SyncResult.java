package dev.crawlyard.workflows.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Output of {@link FileActivities#syncFiles}.
 *
 * @param nodeKey   the node that took the task; the rest of the task runs on its queue
 * @param workspace the absolute path of the task's workspace on that node
 * @param files     how many files were written
 * @param bytes     how many bytes were written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncResult(String nodeKey, String workspace, int files, long bytes) {
}
