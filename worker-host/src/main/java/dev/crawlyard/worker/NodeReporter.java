package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.store.nodes.NodeControl;
import dev.crawlyard.store.nodes.NodeStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the node in the {@code nodes} table and reports every few seconds that it is alive,
 * with one write that also brings back what the API set (enabled, max runners), applied at once.
 * The node never polls the database for work: tasks reach it through Temporal.
 */
final class NodeReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeReporter.class);

    private final NodeStore nodes;
    private final LocalNode node;
    private final RunnerSlots slots;
    private final NodeProperties properties;
    private final DockerEngine engine;
    private ScheduledExecutorService timer;

    NodeReporter(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties, DockerEngine engine) {
        this.engine = engine;
        this.nodes = nodes;
        this.node = node;
        this.slots = slots;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        apply(register());
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("node-reporter").factory());
        long every = properties.reportInterval().toMillis();
        timer.scheduleWithFixedDelay(this::report, every, every, TimeUnit.MILLISECONDS);
    }

    private NodeControl register() {
        String name = properties.name().isEmpty() ? node.key() : properties.name();
        String containerEngine = engine.version().orElse(null);
        NodeControl control = nodes.register(node.key(), hostName(), name, properties.labels(), properties.maxRunners(),
                containerEngine);
        log.info("node {} registered: {}, at most {} runners, {}", node.key(),
                control.enabled() ? "enabled" : "disabled", control.maxRunners(),
                containerEngine == null ? "no container engine" : "container engine Docker " + containerEngine);
        return control;
    }

    private void report() {
        try {
            apply(nodes.report(node.key(), slots.inUse()).orElseGet(this::register));
        } catch (RuntimeException e) {
            // The database is away: keep running what runs, and report again at the next tick.
            log.warn("could not report to the database: {}", e.getMessage());
        }
    }

    private void apply(NodeControl control) {
        slots.setLimit(control.enabled() ? control.maxRunners() : 0);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            // A report still under way would make the node a peer again after the mark below.
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the node's last report did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
        // The workers stopped before this (a later phase): the node takes no claim any more, and the
        // others need not wait for it (LeastLoadedFirst) until its last report goes stale.
        try {
            nodes.markStopped(node.key());
        } catch (RuntimeException e) {
            log.warn("could not record that the node stopped: {}", e.getMessage());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /** Before the workers start polling, so that the node's limits are known when the first task comes. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
    }
}
