package dev.crawlyard.store.nodes;

import java.util.Map;

/**
 * A change to a node made through the API; null fields stay as they are.
 *
 * @param name       a new name
 * @param labels     new labels (replacing the old ones)
 * @param enabled    take new tasks or not
 * @param maxRunners the most spider processes at once
 */
public record NodeChange(String name, Map<String, String> labels, Boolean enabled, Integer maxRunners) {
}
