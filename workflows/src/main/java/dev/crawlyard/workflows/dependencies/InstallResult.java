package dev.crawlyard.workflows.dependencies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Output of {@link DependencyActivities#installDependencies}.
 *
 * @param installed   whether anything was installed (false when there was nothing to do or every
 *                    environment was reused from the node's cache)
 * @param summary     one line saying what was done
 * @param environment variables that put the environments in the spider's reach; {@code PATH} and
 *                    {@code NODE_PATH} go in front of the node's own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallResult(boolean installed, String summary, Map<String, String> environment) {

    public InstallResult {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
