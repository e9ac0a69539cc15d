package dev.crawlyard.api.tasks;

import java.util.Map;

/**
 * The optional body of {@code POST /api/spiders/{ref}/run}.
 *
 * @param params              parameters for this run, handed to the spider in its config file
 * @param env                 environment variables for this run, over the spider's own
 * @param runtimeLimitSeconds stop the run as timed out after this many seconds; absent: the spider's limit, 0: none
 * @param maxAttempts         how many times a failing run is tried in all; absent: the spider's setting
 * @param version             the version of the spider's files to run; absent: its current version
 */
public record RunSpiderRequest(Map<String, String> params, Map<String, String> env, Long runtimeLimitSeconds,
        Integer maxAttempts, Integer version) {

    public static final RunSpiderRequest EMPTY = new RunSpiderRequest(Map.of(), Map.of(), null, null, null);

    public RunSpiderRequest {
        params = params == null ? Map.of() : params;
        env = env == null ? Map.of() : env;
    }
}
