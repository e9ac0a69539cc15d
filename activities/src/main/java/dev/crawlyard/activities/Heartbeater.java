package dev.crawlyard.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats for an activity from a thread of its own while the activity's own thread is busy
 * with something that can take longer than the heartbeat timeout (fetching a large version,
 * installing dependencies, stopping a spider that takes its time): the heartbeat timeout is there
 * to notice a node that died, not a step that is slow. Every beat also runs {@code onBeat} (to
 * keep the task's runner claimed). A cancellation seen by a beat is left to the workflow, which
 * stops the task its own way.
 */
public final class Heartbeater implements AutoCloseable {

    /** Beat at least this often, and at least three times per heartbeat timeout. */
    private static final Duration MOST = Duration.ofSeconds(2);

    private final ScheduledExecutorService timer;
    private volatile boolean abandoned;

    private Heartbeater(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts beating for the activity of {@code context}, with {@code details} as each beat's details. */
    public static Heartbeater start(ActivityExecutionContext context, Supplier<Object> details, Runnable onBeat) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        Duration every = timeout == null || timeout.isZero() || timeout.dividedBy(3).compareTo(MOST) > 0
                ? MOST : timeout.dividedBy(3);
        long millis = Math.max(50, every.toMillis());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        Heartbeater heartbeater = new Heartbeater(timer);
        // The first beat waits an interval too: a step quicker than that costs Temporal no call.
        timer.scheduleAtFixedRate(() -> heartbeater.beat(context, details, onBeat), millis, millis,
                TimeUnit.MILLISECONDS);
        return heartbeater;
    }

    /** The same, with no details and nothing else to do on a beat. */
    public static Heartbeater start(ActivityExecutionContext context) {
        return start(context, () -> null, () -> { });
    }

    /**
     * Whether a beat heard that this run of the activity is no longer wanted (cancelled, timed out
     * and run again elsewhere): whatever it returns will be refused.
     */
    public boolean abandoned() {
        return abandoned;
    }

    private void beat(ActivityExecutionContext context, Supplier<Object> details, Runnable onBeat) {
        try {
            onBeat.run();
            context.heartbeat(details.get());
        } catch (ActivityCompletionException e) {
            // Cancelled, or the attempt was given up on: the workflow deals with it.
            abandoned = true;
        } catch (RuntimeException e) {
            // A beat that fails must not end the beating; the next one tries again.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
