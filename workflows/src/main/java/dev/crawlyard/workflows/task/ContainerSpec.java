package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A spider run in a container on the node's Docker engine rather than as a plain process.
 *
 * @param image         the image to run, as the engine names it ({@code name[:tag]} or {@code name@sha256:...})
 * @param pull          when the node pulls the image: {@code missing} (default), {@code always} or {@code never}
 * @param network       the container's network: {@code host} (default: the API is reachable as on the node),
 *                      {@code none} or {@code bridge}
 * @param cpus          how many CPUs the container may use, or null for no limit
 * @param memoryLimitMb the container's memory limit in MiB (the engine kills it past it), or null for none
 * @param pidsLimit     the most processes the container may hold, or null for the engine's default
 * @param mounts        directories of the node bound into the container, each of which the node's
 *                      settings must allow ({@code crawlyard.containers.allowed-mounts}); none by default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSpec(String image, String pull, String network, Double cpus, Long memoryLimitMb,
        Integer pidsLimit, List<Mount> mounts) {

    /**
     * A directory of the node bound into the container.
     *
     * @param source   the node's directory, an absolute path
     * @param target   where the container sees it, an absolute path outside {@code /app}
     * @param readOnly whether the container may only read it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String source, String target, boolean readOnly) {
    }

    public static final String DEFAULT_PULL = "missing";
    public static final String DEFAULT_NETWORK = "host";

    public ContainerSpec {
        pull = pull == null ? DEFAULT_PULL : pull;
        network = network == null ? DEFAULT_NETWORK : network;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }
}
