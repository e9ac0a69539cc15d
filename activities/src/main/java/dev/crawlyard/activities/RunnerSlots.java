package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The node's runners: a task takes one when the node claims it and keeps it through every step
 * and every retry of a step on this node, until its process has ended (or it was stopped, or it
 * failed for good before its process started), so that a node never runs more than its limit of
 * spider processes. The limit (zero while the node is disabled) can change at any time.
 */
public final class RunnerSlots {

    /**
     * A claim whose process has not started and that no step has touched for this long is given
     * back: its task went elsewhere. The steps before the process heartbeat, and touch it each time.
     */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** Task id to when a step last touched its claim; null once its process started. */
    private final Map<Long, Instant> held = new HashMap<>();
    private final List<LongConsumer> releaseListeners = new CopyOnWriteArrayList<>();
    private int limit;

    public RunnerSlots(int limit) {
        this.limit = Math.max(0, limit);
    }

    /** Takes a runner for the task, or keeps the one it has; false if the node is full or disabled. */
    public synchronized boolean tryAcquire(long taskId) {
        Instant now = Instant.now();
        if (held.containsKey(taskId)) {
            touchHeld(taskId, now);
            return true;
        }
        held.values().removeIf(touched -> touched != null && touched.plus(STALE_CLAIM).isBefore(now));
        if (held.size() >= limit) {
            return false;
        }
        held.put(taskId, now);
        return true;
    }

    /** Keeps the task's claim from going stale while a step before its process works on it. */
    public synchronized void touch(long taskId) {
        if (held.containsKey(taskId)) {
            touchHeld(taskId, Instant.now());
        }
    }

    private void touchHeld(long taskId, Instant now) {
        if (held.get(taskId) != null) {
            held.put(taskId, now);
        }
    }

    /** Marks the task's process as started, so that its runner is never taken as a stale claim. */
    public synchronized void started(long taskId) {
        if (held.containsKey(taskId)) {
            held.put(taskId, null);
        }
    }

    /** Gives the task's runner back, if it holds one, and tells the listeners that the task left this node. */
    public void release(long taskId) {
        synchronized (this) {
            held.remove(taskId);
        }
        for (LongConsumer listener : releaseListeners) {
            listener.accept(taskId);
        }
    }

    /** Whether the task holds a runner here: it is being prepared or its process runs. */
    public synchronized boolean holds(long taskId) {
        return held.containsKey(taskId);
    }

    /** The tasks that hold a runner now. */
    public synchronized Set<Long> holders() {
        return Set.copyOf(held.keySet());
    }

    /** Calls {@code listener} with the task id each time a task gives its runner back. */
    public void onRelease(LongConsumer listener) {
        releaseListeners.add(listener);
    }

    public synchronized void setLimit(int newLimit) {
        limit = Math.max(0, newLimit);
    }

    public synchronized int inUse() {
        return held.size();
    }
}
