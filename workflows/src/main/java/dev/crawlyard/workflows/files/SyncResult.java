package dev.crawlyard.workflows.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Output of {@link FileActivities#syncFiles}.
 *
 * @param nodeKey          the node that took the task; the rest of the task runs on its queue
 * @param workspace        the absolute path of the task's workspace on that node
 * @param files            how many files the workspace holds
 * @param bytes            how many bytes they hold
 * @param filesTransferred how many file bodies the node fetched from the database (the rest came from its cache)
 * @param bytesTransferred how many bytes those bodies held
 * @param dependencyManifests the files at the workspace's root that call for an install
 *                         ({@code requirements.txt}, {@code package.json}); null from a node that
 *                         does not say, whose install step then looks for itself
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncResult(String nodeKey, String workspace, int files, long bytes, int filesTransferred,
        long bytesTransferred, List<String> dependencyManifests) {

    public SyncResult {
        dependencyManifests = dependencyManifests == null ? null : List.copyOf(dependencyManifests);
    }

    /** Whether the node said the workspace holds nothing that calls for an install. */
    public boolean noDependencyManifests() {
        return dependencyManifests != null && dependencyManifests.isEmpty();
    }
}
