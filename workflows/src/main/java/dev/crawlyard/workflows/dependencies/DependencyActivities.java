package dev.crawlyard.workflows.dependencies;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Prepares what a spider needs beyond its files. */
@ActivityInterface
public interface DependencyActivities {

    /** Installs the workspace's dependencies on this node, or reports that there is nothing to do. */
    @ActivityMethod
    InstallResult installDependencies(InstallRequest request);
}
