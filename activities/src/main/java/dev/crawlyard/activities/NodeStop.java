package dev.crawlyard.activities;

import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.workflows.processes.ProcessActivities;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a step of a task does when its node stops under it ({@link RunnerSlots#stopping}): it
 * records the attempt as lost with this node, saying what the stop cut short (the next attempt's
 * start would record the loss too, later and without saying why), unless the task is no longer
 * that run's (see each method), and fails for good with {@link ProcessActivities#NODE_STOPPED}, so
 * that the workflow sends the task back to dispatch at once instead of after a heartbeat timeout.
 */
public final class NodeStop {

    private static final Logger log = LoggerFactory.getLogger(NodeStop.class);

    private NodeStop() {
    }

    /**
     * The failure of a run step whose spider this node stopped as it stopped, with {@code what}
     * saying how ("its spider was stopped (graceful)"): the attempt is recorded as lost unless its
     * end is on record already (a cancel came first).
     */
    public static ApplicationFailure stoppedRun(AttemptStore attempts, String nodeKey, long taskId, int attempt,
            String what) {
        String message = messageOf(nodeKey, what);
        record(attempts, taskId, attempt, message);
        return failure(message);
    }

    /**
     * The failure of a step before the spider's process (a sync, an install, a run that has not
     * started it) on a stopping node, with {@code what} saying so: the task's runner is given back
     * (see {@link RunnerSlots#handBack}) and the attempt recorded as lost, unless the task's process
     * has started here (this run is an old one, which Temporal has given up on): then it only fails.
     */
    public static ApplicationFailure handBack(AttemptStore attempts, RunnerSlots slots, String nodeKey, long taskId,
            int attempt, boolean claimingRun, String what) {
        String message = messageOf(nodeKey, what);
        if (slots.handBack(taskId, claimingRun)) {
            record(attempts, taskId, attempt, message);
        } else {
            log.info("attempt {}: not giving the task back from this run: its process has started here", attempt);
        }
        return failure(message);
    }

    /**
     * The failure of a run of a step that Temporal has given up on (another run has the task, or it
     * was cancelled), on a stopping node: it gives nothing back and records nothing.
     */
    public static ApplicationFailure abandoned(String nodeKey, String what) {
        return failure(messageOf(nodeKey, what));
    }

    private static String messageOf(String nodeKey, String what) {
        return "node " + nodeKey + " stopped during this attempt; " + what;
    }

    private static void record(AttemptStore attempts, long taskId, int attempt, String message) {
        try {
            if (attempts.endIfOpen(taskId, attempt, "lost", null, message)) {
                log.info("attempt {}: {}", attempt, message);
            } else {
                log.info("attempt {}: {}; its end was on record already", attempt, message);
            }
        } catch (RuntimeException e) {
            log.warn("could not record that attempt {} was lost with its node: {}", attempt, e.getMessage());
        }
    }

    private static ApplicationFailure failure(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ProcessActivities.NODE_STOPPED);
    }
}
