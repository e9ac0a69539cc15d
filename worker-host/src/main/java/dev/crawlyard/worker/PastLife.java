package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.activities.processes.NodeWatchdog;
import dev.crawlyard.activities.processes.ProcessLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The node's processes across its lives. When the node starts, before it takes any task, it stops
 * what its previous life left running (the process groups on record in its work directory: a
 * node that was SIGKILLed, or whose machine lost power mid-task, or whose watchdog was killed with
 * it). Then it starts its watchdog, which stops this life's spiders within seconds of the JVM's
 * end, however the JVM ends; a watchdog that dies is started again.
 */
final class PastLife implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PastLife.class);

    /** Between SIGTERM and SIGKILL for spiders whose node is gone: they have no one to report to. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(3);

    private final ProcessLedger ledger;
    private final RunnerUsers users;
    private final DockerEngine engine;
    private final String nodeKey;
    private final String nodeId;
    private NodeWatchdog watchdog;
    private boolean stopping;

    PastLife(LocalNode node, DockerEngine engine) {
        this.ledger = node.processLedger();
        this.users = node.users();
        this.engine = engine;
        this.nodeKey = node.key();
        this.nodeId = DockerEngine.nodeId(node.key(), node.workRoot());
    }

    @Override
    public synchronized void start() {
        int stopped = ledger.stopLeftovers(ORPHAN_GRACE);
        if (stopped > 0) {
            log.warn("stopped {} process groups left running by this node's previous life", stopped);
        }
        // The containers of its previous life's tasks outlive the node's processes: the engine runs them.
        // Only those labelled with this node's key and work directory are removed; other nodes'
        // containers (other platforms' nodes of the same name among them) are never touched.
        java.util.List<String> containers = engine.removeContainersOf(nodeKey, nodeId);
        if (!containers.isEmpty()) {
            log.warn("removed {} containers left by this node's previous life: {}", containers.size(), containers);
        }
        // After the graceful stop: what left its group, or was never on record, still runs as a runner user.
        int users = this.users.killLeftovers();
        if (users > 0) {
            log.warn("killed what {} runner users still ran from this node's previous life", users);
        }
        stopping = false;
        startWatchdog();
    }

    private synchronized void startWatchdog() {
        if (stopping) {
            return;
        }
        try {
            NodeWatchdog started = NodeWatchdog.start(ledger, ORPHAN_GRACE);
            watchdog = started;
            started.onExit(() -> {
                log.warn("the node's watchdog (pid {}) ended; starting another", started.pid());
                startWatchdog();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the node's watchdog", e);
        }
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        if (watchdog != null) {
            // As at the JVM's end: whatever still runs is stopped.
            watchdog.close();
            watchdog = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return watchdog != null;
    }

    /** First to start, so that no task starts beside a previous life's; last to stop. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 200;
    }
}
