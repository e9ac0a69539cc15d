package dev.crawlyard.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * One timer for every heartbeater of the process: a step's run is short next to the cost of
     * an executor and a thread of its own made and ended for it, twice for every task. Each beat
     * runs on a virtual thread of its own, so a beat that waits on Temporal holds up no other.
     */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("heartbeats").factory());

    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile ScheduledFuture<?> beats;
    private volatile boolean closed;
    private volatile boolean abandoned;

    private Heartbeater() {
    }

    /** Starts beating for the activity of {@code context}, with {@code details} as each beat's details. */
    public static Heartbeater start(ActivityExecutionContext context, Supplier<Object> details, Runnable onBeat) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        Duration every = timeout == null || timeout.isZero() || timeout.dividedBy(3).compareTo(MOST) > 0
                ? MOST : timeout.dividedBy(3);
        long millis = Math.max(50, every.toMillis());
        Heartbeater heartbeater = new Heartbeater();
        // The first beat waits an interval too: a step quicker than that costs Temporal no call.
        heartbeater.beats = TIMER.scheduleAtFixedRate(() -> heartbeater.tick(context, details, onBeat), millis, millis,
                TimeUnit.MILLISECONDS);
        return heartbeater;
    }

    /** A beat on a thread of its own, unless the last one is still under way. */
    private void tick(ActivityExecutionContext context, Supplier<Object> details, Runnable onBeat) {
        if (closed || !beating.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("heartbeat").start(() -> {
            try {
                if (!closed) {
                    beat(context, details, onBeat);
                }
            } finally {
                beating.set(false);
            }
        });
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

    /** No beat starts after this; one under way ends on its own (its heartbeat, if late, is refused and ignored). */
    @Override
    public void close() {
        closed = true;
        beats.cancel(false);
    }
}
