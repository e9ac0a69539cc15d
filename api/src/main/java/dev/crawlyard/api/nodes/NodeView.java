package dev.crawlyard.api.nodes;

import dev.crawlyard.store.nodes.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A node as the API shows it, with whether it is online now. */
public record NodeView(String key, String name, String host, Map<String, String> labels, boolean enabled,
        int maxRunners, int running, boolean online, Instant startedAt, Instant lastSeenAt) {

    static NodeView of(Node node, Instant now, Duration offlineAfter) {
        return new NodeView(node.key(), node.name(), node.host(), node.labels(), node.enabled(), node.maxRunners(),
                node.running(), node.onlineAt(now, offlineAfter), node.startedAt(), node.lastSeenAt());
    }
}
