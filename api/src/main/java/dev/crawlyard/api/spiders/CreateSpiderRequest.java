package dev.crawlyard.api.spiders;

import dev.crawlyard.api.containers.ContainerRequest;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/spiders}.
 *
 * @param name                unique; letters, digits, '.', '_' and '-'
 * @param description         optional free text
 * @param command             the shell command that starts the spider in its workspace (not for a built-in type)
 * @param files               optional inline files, relative path to text; they become version 1
 * @param env                 optional environment variables for every run
 * @param runtimeLimitSeconds optional: a run is stopped as timed out after this many seconds (0: no limit)
 * @param memoryLimitMb       optional: the address space each of its processes may use, in MiB (0: no limit)
 * @param maxAttempts         optional: how many times a failing run is tried in all (1 to 20; default 1)
 * @param retryBackoffSeconds optional: the wait before the first retry, doubled for each further one (default 5)
 * @param dedupField          optional: the item field (dotted for nested) whose value identifies an item
 * @param dedupMode           optional: {@code ignore} (default) or {@code overwrite} for an item whose key was seen
 * @param installCommand      optional: a shell command that installs the spider's dependencies into
 *                            {@code $CRAWLYARD_ENV_DIR}, instead of detecting requirements.txt and package.json
 * @param type                optional: {@code command} (default) or a built-in type, {@code crawler}
 * @param config              a built-in type's config, as its JSON Schema ({@code /api/spider-types/{type}/schema}) says
 * @param container           optional: run the spider in a container on a node's Docker engine (see {@link ContainerRequest})
 */
public record CreateSpiderRequest(String name, String description, String command, Map<String, String> files,
        Map<String, String> env, Long runtimeLimitSeconds, Long memoryLimitMb, Integer maxAttempts,
        Long retryBackoffSeconds, String dedupField, String dedupMode, String installCommand, String type,
        JsonNode config, ContainerRequest container) {
}
