package dev.crawlyard.workflows.dependencies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Input of {@link DependencyActivities#installDependencies}.
 *
 * @param taskId         the task, for its log
 * @param workspace      the workspace whose manifests are read
 * @param attempt        which run of the task this prepares, from 1; it keys the install's log lines
 * @param installCommand the spider's own install command, or null to detect requirements.txt and package.json
 * @param env            the task's environment variables, which the install sees too (a package index, a proxy)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallRequest(long taskId, String workspace, int attempt, String installCommand,
        Map<String, String> env) {

    public InstallRequest {
        attempt = Math.max(1, attempt);
        installCommand = installCommand == null || installCommand.isBlank() ? null : installCommand;
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
