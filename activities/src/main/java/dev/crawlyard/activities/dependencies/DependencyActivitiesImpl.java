package dev.crawlyard.activities.dependencies;

import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.dependencies.InstallResult;

/**
 * Dependency installs. Spiders have no manifests yet (they come with versioned uploads), so
 * there is never anything to install; the step exists so that the workflow has its final shape.
 */
public final class DependencyActivitiesImpl implements DependencyActivities {

    @Override
    public InstallResult installDependencies(InstallRequest request) {
        return new InstallResult(false, "nothing to install");
    }
}
