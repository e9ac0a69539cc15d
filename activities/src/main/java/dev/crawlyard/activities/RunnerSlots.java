package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The node's runners: a task takes one when the node claims it and gives it back when its process
 * has ended (or it was stopped, or failed before its process started), so that a node never runs
 * more than its limit of spider processes. The limit (zero while the node is disabled) can change
 * at any time.
 *
 * <p>The node's poll of the shared dispatch queue first reserves a runner ({@link #reserve}), so a
 * node polls for a claim only while it has a runner free: a full or disabled node does not poll,
 * and the claim goes to a node that can run it instead of being refused and retried. A reservation
 * lasts as long as the poll and the claim it brings; the claim then takes the runner for its task
 * ({@link #tryAcquire}) before the reservation ends.
 */
public final class RunnerSlots {

    /** A claim whose process never started within this long is given back (its task went elsewhere). */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** Task id to when it was claimed; null once its process started. */
    private final Map<Long, Instant> held = new HashMap<>();
    /** Dispatch polls waiting for a runner, oldest first. */
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int reserved;
    private int limit;

    public RunnerSlots(int limit) {
        this.limit = Math.max(0, limit);
    }

    /** Takes a runner for the task, or keeps the one it has; false if the node is full or disabled. */
    public synchronized boolean tryAcquire(long taskId) {
        if (held.containsKey(taskId)) {
            return true;
        }
        Instant now = Instant.now();
        purgeStaleClaims(now);
        if (held.size() >= limit) {
            return false;
        }
        held.put(taskId, now);
        return true;
    }

    /**
     * A runner for one dispatch poll: completed at once when a runner is free of tasks and of other
     * reservations, else when one frees up (or the limit is raised). End it with {@link #unreserve},
     * or with {@link #abandon} if it may not have been granted yet.
     */
    public synchronized CompletableFuture<Void> reserve() {
        purgeStaleClaims(Instant.now());
        CompletableFuture<Void> reservation = new CompletableFuture<>();
        if (waiting.isEmpty() && free() > 0) {
            reserved++;
            reservation.complete(null);
        } else {
            waiting.add(reservation);
        }
        return reservation;
    }

    /** A runner for one dispatch poll if one is free now; false leaves nothing reserved. */
    public synchronized boolean tryReserve() {
        purgeStaleClaims(Instant.now());
        if (waiting.isEmpty() && free() > 0) {
            reserved++;
            return true;
        }
        return false;
    }

    /** Ends a granted reservation. */
    public synchronized void unreserve() {
        reserved = Math.max(0, reserved - 1);
        grantWaiting();
    }

    /** Ends a reservation whether or not it was granted: a waiting one is withdrawn, a granted one ended. */
    public synchronized void abandon(CompletableFuture<Void> reservation) {
        if (!waiting.remove(reservation) && reservation.isDone() && !reservation.isCompletedExceptionally()) {
            unreserve();
        }
    }

    private void purgeStaleClaims(Instant now) {
        held.values().removeIf(claimed -> claimed != null && claimed.plus(STALE_CLAIM).isBefore(now));
    }

    /** Runners neither running a task nor reserved by a poll. */
    private int free() {
        return limit - held.size() - reserved;
    }

    private void grantWaiting() {
        while (!waiting.isEmpty() && free() > 0) {
            CompletableFuture<Void> next = waiting.poll();
            reserved++;
            if (!next.complete(null)) {
                // Cancelled while it waited: the runner stays free for the next one.
                reserved--;
            }
        }
    }

    /** Marks the task's process as started, so that its runner is never taken as a stale claim. */
    public synchronized void started(long taskId) {
        if (held.containsKey(taskId)) {
            held.put(taskId, null);
        }
    }

    /** Gives the task's runner back, if it holds one. */
    public synchronized void release(long taskId) {
        held.remove(taskId);
        grantWaiting();
    }

    public synchronized void setLimit(int newLimit) {
        limit = Math.max(0, newLimit);
        grantWaiting();
    }

    public synchronized int inUse() {
        return held.size();
    }

    /** Runners running no task (a dispatch poll's reservation counts as idle): 0 while the node is disabled or full. */
    public synchronized int idle() {
        return Math.max(0, limit - held.size());
    }
}
