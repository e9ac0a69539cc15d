package dev.crawlyard.workflows.dependencies;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Prepares what a spider needs beyond its files. */
@ActivityInterface
public interface DependencyActivities {

    /**
     * Builds or reuses, on this node, the environments the workspace's dependency manifests call
     * for (requirements.txt: a Python venv; package.json: node_modules; or the spider's own install
     * command), cached under the hash of the runtime and the manifest. The install's output goes to
     * the task's log; a failed or timed-out install is a non-retryable failure of type
     * {@code DEPENDENCIES}. Nothing to install is a quick no-op.
     */
    @ActivityMethod
    InstallResult installDependencies(InstallRequest request);
}
