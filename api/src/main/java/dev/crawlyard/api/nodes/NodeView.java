package dev.crawlyard.api.nodes;

import dev.crawlyard.store.nodes.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A node as the API shows it, with whether it is online now. {@code running} is the number of
 * runners in use at its last report while it is online, and 0 once it is offline: a node that
 * stopped reporting runs nothing (its watchdog stops its spiders when it dies), whatever its last
 * report said.
 */
public record NodeView(String key, String name, String host, Map<String, String> labels, boolean enabled,
        int maxRunners, int running, boolean online, Instant startedAt, Instant lastSeenAt, Capabilities capabilities) {

    /**
     * What a node can run besides processes.
     *
     * @param containers      whether it has a usable container engine
     * @param containerEngine the engine's version, or null
     */
    public record Capabilities(boolean containers, String containerEngine) {
    }

    static NodeView of(Node node, Instant now, Duration offlineAfter) {
        boolean online = node.onlineAt(now, offlineAfter);
        return new NodeView(node.key(), node.name(), node.host(), node.labels(), node.enabled(), node.maxRunners(),
                online ? node.running() : 0, online, node.startedAt(), node.lastSeenAt(),
                new Capabilities(node.runsContainers(), node.containerEngine()));
    }
}
