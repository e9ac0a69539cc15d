package dev.crawlyard.activities.processes;

import dev.crawlyard.workflows.task.StopMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A spider process that a run activity is watching, and how it is being stopped. */
final class RunningSpider {

    private final SpiderProcess group;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean stopRequested;
    private volatile OutputSpool spool;

    RunningSpider(SpiderProcess group) {
        this.group = group;
    }

    SpiderProcess group() {
        return group;
    }

    /** The spool the process's output goes through, once its run activity opened it. */
    void spooling(OutputSpool outputSpool) {
        spool = outputSpool;
    }

    /** Output waiting in the spool to be stored, in bytes; 0 before the spool is open. */
    long spooledBytes() {
        OutputSpool current = spool;
        return current == null ? 0 : current.pendingBytes();
    }

    /** Stops the process because its task was cancelled; returns how it went. */
    StopMode stopOnRequest(Duration notice, Duration grace) {
        stopRequested = true;
        return group.stop(notice, grace);
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Called by the run activity once the output is stored and the row updated. */
    void markDone() {
        done.complete(null);
    }

    /** Waits until the run activity has stored everything; false if that took longer than {@code timeout}. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
