package dev.crawlyard.api.tasks;

import java.util.Map;

/**
 * The optional body of {@code POST /api/spiders/{ref}/run}.
 *
 * @param params              parameters for this run, handed to the spider in its config file
 * @param env                 environment variables for this run, over the spider's own
 * @param runtimeLimitSeconds stop the run as timed out after this many seconds; 0 or absent for no limit
 */
public record RunSpiderRequest(Map<String, String> params, Map<String, String> env, Long runtimeLimitSeconds) {

    public static final RunSpiderRequest EMPTY = new RunSpiderRequest(Map.of(), Map.of(), 0L);

    public RunSpiderRequest {
        params = params == null ? Map.of() : params;
        env = env == null ? Map.of() : env;
        runtimeLimitSeconds = runtimeLimitSeconds == null ? 0L : runtimeLimitSeconds;
    }
}
