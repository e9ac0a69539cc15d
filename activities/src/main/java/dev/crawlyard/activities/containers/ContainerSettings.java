package dev.crawlyard.activities.containers;

import java.time.Duration;

/**
 * How a node reaches its container engine.
 *
 * @param enabled       whether the node runs container tasks at all (when its engine answers)
 * @param docker        the docker CLI the node drives the engine with
 * @param host          the engine's address ({@code DOCKER_HOST}), or blank for the CLI's default
 * @param init          whether each container gets the engine's init as PID 1, which forwards signals and
 *                      reaps orphans, so that SIGTERM reaches a spider as it does outside a container
 * @param engineTimeout how long one engine call (create, inspect, stop, remove) may take
 * @param pullTimeout   how long pulling one image may take
 */
public record ContainerSettings(boolean enabled, String docker, String host, boolean init, Duration engineTimeout,
        Duration pullTimeout) {

    public static final Duration DEFAULT_ENGINE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(10);

    public ContainerSettings {
        docker = docker == null || docker.isBlank() ? "docker" : docker;
        host = host == null ? "" : host.trim();
        engineTimeout = engineTimeout == null ? DEFAULT_ENGINE_TIMEOUT : engineTimeout;
        pullTimeout = pullTimeout == null ? DEFAULT_PULL_TIMEOUT : pullTimeout;
    }

    public static ContainerSettings defaults() {
        return new ContainerSettings(true, null, null, true, null, null);
    }

    /** A node that runs no containers. */
    public static ContainerSettings disabled() {
        return new ContainerSettings(false, null, null, true, null, null);
    }
}
