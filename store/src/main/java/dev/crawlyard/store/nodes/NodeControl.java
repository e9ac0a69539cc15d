package dev.crawlyard.store.nodes;

/**
 * What a node is told when it reports: set through the API, applied by the node without a restart.
 *
 * @param enabled    whether it takes new tasks
 * @param maxRunners the most spider processes it may run at once
 */
public record NodeControl(boolean enabled, int maxRunners) {
}
