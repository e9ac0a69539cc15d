package dev.crawlyard.workflows.dependencies;

/**
 * Output of {@link DependencyActivities#installDependencies}.
 *
 * @param installed whether anything was installed
 * @param summary   one line saying what was done
 */
public record InstallResult(boolean installed, String summary) {
}
