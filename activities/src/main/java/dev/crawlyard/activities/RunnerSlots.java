package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's runners: a task takes one when the node claims it and gives it back when its process
 * has ended (or it was stopped, or failed before its process started), so that a node never runs
 * more than its limit of spider processes. The limit (zero while the node is disabled) can change
 * at any time.
 */
public final class RunnerSlots {

    /** A claim whose process never started within this long is given back (its task went elsewhere). */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** Task id to when it was claimed; null once its process started. */
    private final Map<Long, Instant> held = new HashMap<>();
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
        held.values().removeIf(claimed -> claimed != null && claimed.plus(STALE_CLAIM).isBefore(now));
        if (held.size() >= limit) {
            return false;
        }
        held.put(taskId, now);
        return true;
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
    }

    public synchronized void setLimit(int newLimit) {
        limit = Math.max(0, newLimit);
    }

    public synchronized int inUse() {
        return held.size();
    }

    /** Runners not in use: 0 while the node is disabled or full. */
    public synchronized int free() {
        return Math.max(0, limit - held.size());
    }
}
