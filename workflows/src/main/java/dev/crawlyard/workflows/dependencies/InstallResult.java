package dev.crawlyard.workflows.dependencies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Output of {@link DependencyActivities#installDependencies}.
 *
 * @param installed whether anything was installed
 * @param summary   one line saying what was done
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallResult(boolean installed, String summary) {
}
