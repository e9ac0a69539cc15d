package dev.crawlyard.worker;

import dev.crawlyard.planning.webhooks.WebhookEvents;
import dev.crawlyard.store.nodes.Node;
import dev.crawlyard.store.nodes.NodeStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Announces each node that stops reporting (the {@code node.offline} event), once per time it goes
 * away, from the workflow host. A node is announced after its record says it was announced: an
 * announcement that fails (the database or Temporal away) is tried again at the next look, and two
 * workflow hosts announcing the same node make one delivery (the event's id is the node's and its
 * last report's).
 */
final class OfflineNodes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OfflineNodes.class);

    private final NodeStore nodes;
    private final WebhookEvents webhooks;
    private final Duration offlineAfter;
    private ScheduledExecutorService timer;

    OfflineNodes(NodeStore nodes, WebhookEvents webhooks, Duration offlineAfter) {
        this.nodes = nodes;
        this.webhooks = webhooks;
        this.offlineAfter = offlineAfter;
    }

    /** How often to look: a third of the offline window, between 1 and 10 s. */
    Duration interval() {
        long millis = Math.clamp(offlineAfter.toMillis() / 3, 1_000L, 10_000L);
        return Duration.ofMillis(millis);
    }

    /** Announces the nodes that went offline since the last look; returns how many. */
    int announce() {
        int announced = 0;
        for (Node node : nodes.offlineUnannounced(offlineAfter)) {
            webhooks.nodeOffline(node, offlineAfter);
            nodes.announcedOffline(node.key(), node.lastSeenAt());
            log.info("node {} is offline: no report since {}", node.key(), node.lastSeenAt());
            announced++;
        }
        return announced;
    }

    private void look() {
        try {
            announce();
        } catch (RuntimeException e) {
            log.warn("could not announce offline nodes, trying again at the next look: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("offline-nodes").factory());
        long every = interval().toMillis();
        timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
