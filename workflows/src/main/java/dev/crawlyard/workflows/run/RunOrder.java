package dev.crawlyard.workflows.run;

import dev.crawlyard.workflows.task.ContainerSpec;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.DispatchMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A checked run request: the spider and the run's overrides of its settings, and the nodes it runs
 * on, resolved when the request was made.
 *
 * @param spiderId     the spider to run
 * @param params       parameters for the run
 * @param env          environment over the spider's own
 * @param runtimeLimit the runtime limit, or null for the spider's
 * @param maxAttempts  the attempts, or null for the spider's
 * @param mode         how the request chose its nodes
 * @param reassign     a pinned task may move to another node when its node does not take it
 * @param version      the version of the spider's files, or null for its current one
 * @param nodes        one task for each of these nodes; empty for one task on any node
 * @param container    the container the run asked for, or null for the spider's own (if any)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOrder(long spiderId, Map<String, String> params, Map<String, String> env, Duration runtimeLimit,
        Integer maxAttempts, DispatchMode mode, boolean reassign, Integer version, List<String> nodes,
        ContainerSpec container) {

    /** A run in the spider's own container, if it has one. */
    public RunOrder(long spiderId, Map<String, String> params, Map<String, String> env, Duration runtimeLimit,
            Integer maxAttempts, DispatchMode mode, boolean reassign, Integer version, List<String> nodes) {
        this(spiderId, params, env, runtimeLimit, maxAttempts, mode, reassign, version, nodes, null);
    }

    public RunOrder {
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        mode = mode == null ? DispatchMode.RANDOM : mode;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
