package dev.crawlyard.api.spiders;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /api/spiders/{ref}}: the fields to change, each as in
 * {@link CreateSpiderRequest}; a field left out (or null) keeps its value, and an empty
 * {@code dedupField} or {@code installCommand} clears it. The type and the files are not changed
 * here: a spider's files are its versions ({@code POST /api/spiders/{ref}/versions}).
 */
public record UpdateSpiderRequest(String name, String description, String command, Map<String, String> env,
        Long runtimeLimitSeconds, Long memoryLimitMb, Integer maxAttempts, Long retryBackoffSeconds,
        String dedupField, String dedupMode, String installCommand, JsonNode config) {
}
