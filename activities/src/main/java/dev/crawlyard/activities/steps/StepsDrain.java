package dev.crawlyard.activities.steps;

import dev.crawlyard.activities.RunnerSlots;
import java.time.Duration;

/**
 * The first part of a node's stop, before its Temporal workers shut down: it takes no task any
 * more ({@link RunnerSlots#stopTaking}), and waits, with its workers still up so that heartbeats
 * and reports go through, for each task here to be given back (NODE_STOPPED): a run once it has
 * stopped its spider, an install at once (its commands are killed), a sync before its next file.
 * A task between two steps is waited for too, for {@link #NEXT_STEP_WAIT} after its last step
 * ended: its next step, on its way, gives it back.
 *
 * <p>Shutting the workers down first would end the heartbeats before the spiders' stops, so that a
 * heartbeat timeout could send a task elsewhere while its spider still ran here, and would leave a
 * task between two steps to a timeout of its next step.
 */
public final class StepsDrain {

    /**
     * How recently a step must have touched a task that holds a runner here, with no step at work,
     * for the stop to wait for its next step: the workflow sends the next step as soon as it hears
     * that the last one ended, so a hold older than this most likely belongs to a task that went
     * elsewhere (a claim that lapsed, a workflow that was terminated); a next step later than this
     * (a retry after a back-off) finds no worker, and its task goes on after that step's timeout.
     */
    static final Duration NEXT_STEP_WAIT = Duration.ofSeconds(5);

    private static final long LOOK_MILLIS = 50;

    private StepsDrain() {
    }

    /**
     * Stops taking tasks and waits until no spider runs, no step is at work and no task is between
     * two steps here, or until {@code deadlineNanos} ({@link System#nanoTime}); whether the node is
     * drained.
     */
    public static boolean drain(RunnerSlots slots, StepsAtWork steps, long deadlineNanos) throws InterruptedException {
        slots.stopTaking();
        while (busy(slots, steps)) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            Thread.sleep(LOOK_MILLIS);
        }
        return true;
    }

    private static boolean busy(RunnerSlots slots, StepsAtWork steps) {
        return slots.running() > 0 || steps.atWork() > 0 || slots.awaitingStep(NEXT_STEP_WAIT) > 0;
    }
}
