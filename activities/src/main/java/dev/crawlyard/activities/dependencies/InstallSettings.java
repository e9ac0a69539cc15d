package dev.crawlyard.activities.dependencies;

import java.time.Duration;

/**
 * How dependency installs behave on a node.
 *
 * @param timeout how long one environment's install may take before it is killed and the task
 *                ends in error; the install step itself is bounded at 30 minutes by the workflow
 */
public record InstallSettings(Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    public static InstallSettings defaults() {
        return new InstallSettings(DEFAULT_TIMEOUT);
    }

    public InstallSettings {
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    }
}
