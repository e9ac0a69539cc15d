package dev.crawlyard.planning.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A check that answers within a bound even when what it asks hangs (a connection pool waiting out its
 * connection timeout for a database that is gone). At most one check is in flight at a time: probes
 * that come while one hangs share it rather than piling up threads behind it.
 */
final class BoundedCheck {

    private final Supplier<String> check;
    private final Duration bound;
    private CompletableFuture<String> inFlight;

    /**
     * @param check returns a short description of what it found; throws if the thing is down
     * @param bound how long a probe waits for the check
     */
    BoundedCheck(Supplier<String> check, Duration bound) {
        this.check = check;
        this.bound = bound;
    }

    /** What the check found, or an exception that says why it failed or did not answer in time. */
    String run() throws Exception {
        CompletableFuture<String> future = current();
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private synchronized CompletableFuture<String> current() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(check,
                    task -> Thread.ofVirtual().name("health-check").start(task));
        }
        return inFlight;
    }
}
