package dev.crawlyard.worker;

import dev.crawlyard.activities.containers.ContainerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a node runs container tasks ({@code crawlyard.containers.*}).
 *
 * @param enabled       whether the node takes container tasks when its Docker engine answers (it says so among
 *                      its capabilities); off, it takes none and reports no engine
 * @param docker        the docker CLI the node drives its engine with
 * @param host          the engine's address, as DOCKER_HOST takes it; blank for the CLI's default (its local socket)
 * @param init          whether each container runs the engine's init as PID 1, which passes SIGTERM on to the
 *                      spider and reaps its orphans, as outside a container
 * @param engineTimeout how long one engine call (create, inspect, kill, remove) may take
 * @param pullTimeout   how long pulling one image may take
 * @param allowedMounts the node's directories that a container task may bind into its container (each,
 *                      or anything under it); empty (the default): no task may mount anything of the node's
 */
@ConfigurationProperties("crawlyard.containers")
public record ContainerProperties(Boolean enabled, String docker, String host, Boolean init, Duration engineTimeout,
        Duration pullTimeout, List<Path> allowedMounts) {

    public ContainerProperties {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        docker = docker == null || docker.isBlank() ? "docker" : docker;
        host = host == null ? "" : host;
        init = init == null ? Boolean.TRUE : init;
        engineTimeout = engineTimeout == null ? ContainerSettings.DEFAULT_ENGINE_TIMEOUT : engineTimeout;
        pullTimeout = pullTimeout == null ? ContainerSettings.DEFAULT_PULL_TIMEOUT : pullTimeout;
        allowedMounts = allowedMounts == null ? List.of() : allowedMounts;
    }

    ContainerSettings settings() {
        return new ContainerSettings(enabled, docker, host, init, engineTimeout, pullTimeout, allowedMounts);
    }
}
