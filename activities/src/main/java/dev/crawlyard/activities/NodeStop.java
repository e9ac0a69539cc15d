package dev.crawlyard.activities;

import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.workflows.processes.ProcessActivities;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a step of a task does when its node stops under it ({@link RunnerSlots#stopping}): it
 * records the attempt as lost with this node, saying what the stop cut short (the next attempt's
 * start would record the loss too, later and without saying why), and fails for good with
 * {@link ProcessActivities#NODE_STOPPED}, so that the workflow sends the task back to dispatch at
 * once instead of after a heartbeat timeout.
 */
public final class NodeStop {

    private static final Logger log = LoggerFactory.getLogger(NodeStop.class);

    private NodeStop() {
    }

    /**
     * The step's failure, with {@code what} saying what became of the spider
     * ("its spider was not started", "its spider was stopped (graceful)").
     */
    public static ApplicationFailure handBack(AttemptStore attempts, String nodeKey, long taskId, int attempt,
            String what) {
        String message = "node " + nodeKey + " stopped during this attempt; " + what;
        try {
            attempts.end(taskId, attempt, "lost", null, message);
        } catch (RuntimeException e) {
            log.warn("could not record that attempt {} was lost with its node: {}", attempt, e.getMessage());
        }
        log.info("attempt {}: {}", attempt, message);
        return ApplicationFailure.newNonRetryableFailure(message, ProcessActivities.NODE_STOPPED);
    }
}
