package dev.crawlyard.api.nodes;

import java.util.Map;

/**
 * The body of {@code PATCH /api/nodes/{key}}; absent fields stay as they are.
 *
 * @param enabled    take new tasks or not (running ones finish either way)
 * @param maxRunners the most spider processes at once, 0 to 1000
 * @param name       a name for people
 * @param labels     free labels, replacing the old ones
 */
public record ChangeNodeRequest(Boolean enabled, Integer maxRunners, String name, Map<String, String> labels) {
}
