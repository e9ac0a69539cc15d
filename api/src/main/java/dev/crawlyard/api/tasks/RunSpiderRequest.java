package dev.crawlyard.api.tasks;

import dev.crawlyard.api.containers.ContainerRequest;
import java.util.List;
import java.util.Map;

/**
 * The optional body of {@code POST /api/spiders/{ref}/run}.
 *
 * @param params              parameters for this run, handed to the spider in its config file
 * @param env                 environment variables for this run, over the spider's own
 * @param runtimeLimitSeconds stop the run as timed out after this many seconds; absent: the spider's limit, 0: none
 * @param maxAttempts         how many times a failing run is tried in all; absent: the spider's setting
 * @param mode                {@code random} (default), {@code selected} or {@code all}
 * @param nodes               for {@code selected}: the node keys, one task each
 * @param reassign            for {@code selected} and {@code all}: a task whose node does not take it within
 *                            the node wait runs on another node instead of ending abnormal
 * @param version             the version of the spider's files to run; absent: its current version
 * @param container           run in this container instead of the spider's (or instead of a process)
 */
public record RunSpiderRequest(Map<String, String> params, Map<String, String> env, Long runtimeLimitSeconds,
        Integer maxAttempts, String mode, List<String> nodes, Boolean reassign, Integer version,
        ContainerRequest container) {

    public static final RunSpiderRequest EMPTY = new RunSpiderRequest(Map.of(), Map.of(), null, null, null, null, null,
            null, null);

    public RunSpiderRequest {
        params = params == null ? Map.of() : params;
        env = env == null ? Map.of() : env;
        nodes = nodes == null ? List.of() : nodes;
        reassign = reassign != null && reassign;
    }
}
