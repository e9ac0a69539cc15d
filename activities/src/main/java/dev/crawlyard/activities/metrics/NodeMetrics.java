package dev.crawlyard.activities.metrics;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.processes.RunningProcesses;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A node's gauges: its runners in use and free (free is 0 while the node is disabled), and the spider
 * output waiting in its spools to be stored, which grows while the database is slow or away. Tagged
 * with the node's key: a cluster has as many values as nodes.
 */
public final class NodeMetrics implements MeterBinder {

    private final LocalNode node;
    private final RunnerSlots slots;
    private final RunningProcesses running;

    public NodeMetrics(LocalNode node, RunnerSlots slots, RunningProcesses running) {
        this.node = node;
        this.slots = slots;
        this.running = running;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("crawlyard.runner.slots", slots, RunnerSlots::inUse).description("The node's runners, by state")
                .tag("node", node.key()).tag("state", "in_use").register(registry);
        Gauge.builder("crawlyard.runner.slots", slots, RunnerSlots::idle).description("The node's runners, by state")
                .tag("node", node.key()).tag("state", "free").register(registry);
        Gauge.builder("crawlyard.spool", running, RunningProcesses::spooledBytes).baseUnit("bytes")
                .description("Spider output on the node's disk waiting to be stored")
                .tag("node", node.key()).register(registry);
    }
}
