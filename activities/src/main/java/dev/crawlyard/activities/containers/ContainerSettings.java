package dev.crawlyard.activities.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 * @param allowedMounts the node's directories a container task may bind into its container (each one,
 *                      or anything under it); none by default
 */
public record ContainerSettings(boolean enabled, String docker, String host, boolean init, Duration engineTimeout,
        Duration pullTimeout, List<Path> allowedMounts) {

    public static final Duration DEFAULT_ENGINE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(10);

    public ContainerSettings {
        docker = docker == null || docker.isBlank() ? "docker" : docker;
        host = host == null ? "" : host.trim();
        engineTimeout = engineTimeout == null ? DEFAULT_ENGINE_TIMEOUT : engineTimeout;
        pullTimeout = pullTimeout == null ? DEFAULT_PULL_TIMEOUT : pullTimeout;
        allowedMounts = allowedMounts == null ? List.of() : List.copyOf(allowedMounts);
    }

    public static ContainerSettings defaults() {
        return new ContainerSettings(true, null, null, true, null, null, List.of());
    }

    /** A node that runs no containers. */
    public static ContainerSettings disabled() {
        return new ContainerSettings(false, null, null, true, null, null, List.of());
    }
}
