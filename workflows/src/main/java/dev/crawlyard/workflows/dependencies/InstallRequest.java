package dev.crawlyard.workflows.dependencies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link DependencyActivities#installDependencies}.
 *
 * @param taskId    the task, for its log
 * @param workspace the workspace whose manifests are read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallRequest(long taskId, String workspace) {
}
