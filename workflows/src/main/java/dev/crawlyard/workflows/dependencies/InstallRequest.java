package dev.crawlyard.workflows.dependencies;

/**
 * Input of {@link DependencyActivities#installDependencies}.
 *
 * @param taskId    the task, for its log
 * @param workspace the workspace whose manifests are read
 */
public record InstallRequest(long taskId, String workspace) {
}
