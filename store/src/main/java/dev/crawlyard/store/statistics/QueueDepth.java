package dev.crawlyard.store.statistics;

/**
 * The tasks that have not ended, on one node or overall.
 *
 * @param node      the node they are on or pinned to, or null for pending tasks any node may take (or overall)
 * @param pending   created and waiting for a node
 * @param preparing on a node, getting their files and dependencies
 * @param running   running
 */
public record QueueDepth(String node, long pending, long preparing, long running) {

    QueueDepth plus(String status, long count) {
        return switch (status) {
            case "pending" -> new QueueDepth(node, pending + count, preparing, running);
            case "preparing" -> new QueueDepth(node, pending, preparing + count, running);
            default -> new QueueDepth(node, pending, preparing, running + count);
        };
    }
}
