package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's runners: a task takes one when the node claims it and gives it back when its process
 * has ended (or it was stopped, or failed before its process started), so that a node never runs
 * more than its limit of spider processes. The limit (zero while the node is disabled) can change
 * at any time; {@link #onChange} hears whether the node has a free runner, so that it can stop or
 * resume taking tasks from the dispatch queue.
 */
public final class RunnerSlots {

    /** A claim whose process never started within this long is given back (its task went elsewhere). */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** Task id to when it was claimed; null once its process started. */
    private final Map<Long, Instant> held = new HashMap<>();
    /** Listener calls run one at a time, in order, so that the last one sees the last state. */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private int limit;
    private Runnable onChange = () -> { };

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
        changed();
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
        if (held.remove(taskId) != null) {
            changed();
        }
    }

    public synchronized void setLimit(int newLimit) {
        if (newLimit != limit) {
            limit = Math.max(0, newLimit);
            changed();
        }
    }

    public synchronized int inUse() {
        return held.size();
    }

    public synchronized boolean hasFree() {
        return held.size() < limit;
    }

    /** Called, outside any lock of ours, after every change of use or limit. */
    public synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    private void changed() {
        notifier.execute(onChange);
    }
}
