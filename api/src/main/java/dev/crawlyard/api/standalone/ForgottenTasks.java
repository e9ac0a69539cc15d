package dev.crawlyard.api.standalone;

import dev.crawlyard.store.tasks.TaskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded Temporal keeps its workflows in memory, so after a restart of a standalone
 * platform the tasks that were still live have no workflow left to end them. They are ended as
 * {@code abnormal} before anything else starts, rather than left pending or running for ever.
 * With a real Temporal server nothing is done: its workflows survive restarts and end their tasks.
 */
@Component
class ForgottenTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ForgottenTasks.class);

    private final EmbeddedServices embedded;
    private final TaskStore tasks;
    private volatile boolean running;

    ForgottenTasks(EmbeddedServices embedded, TaskStore tasks) {
        this.embedded = embedded;
        this.tasks = tasks;
    }

    @Override
    public void start() {
        if (embedded.temporalAddress().isPresent()) {
            int ended = tasks.abandonLiveTasks(
                    "lost when the standalone platform stopped: its embedded Temporal keeps no state across restarts");
            if (ended > 0) {
                log.warn("ended {} tasks left over from before this start of the standalone platform", ended);
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the node's workers and the web server start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
