package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The node's runners: a task takes one when the node claims it and gives it back when its process
 * has ended (or it was stopped, or failed before its process started), so that a node never runs
 * more than its limit of spider processes. The limit (zero while the node is disabled) can change
 * at any time. Each runner is a numbered slot (the lowest free number), which names the user its
 * spider runs as when the node has {@link RunnerUsers}.
 */
public final class RunnerSlots {

    /** A claim whose process never started within this long is given back (its task went elsewhere). */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    /** A held runner: its slot, and when it was claimed (null once its process started). */
    private record Held(int slot, Instant claimedAt) {
    }

    private final Map<Long, Held> held = new HashMap<>();
    private final BitSet taken = new BitSet();
    private final int capacity;
    private int limit;

    public RunnerSlots(int limit) {
        this(limit, Integer.MAX_VALUE);
    }

    /** Runners numbered below {@code capacity} only, whatever the limit says (one runner user each). */
    public RunnerSlots(int limit, int capacity) {
        this.capacity = capacity;
        this.limit = Math.max(0, limit);
    }

    /** Takes a runner for the task, or keeps the one it has; false if the node is full or disabled. */
    public synchronized boolean tryAcquire(long taskId) {
        if (held.containsKey(taskId)) {
            return true;
        }
        Instant now = Instant.now();
        held.entrySet().removeIf(entry -> {
            Instant claimed = entry.getValue().claimedAt();
            boolean stale = claimed != null && claimed.plus(STALE_CLAIM).isBefore(now);
            if (stale) {
                taken.clear(entry.getValue().slot());
            }
            return stale;
        });
        if (held.size() >= Math.min(limit, capacity)) {
            return false;
        }
        int slot = taken.nextClearBit(0);
        taken.set(slot);
        held.put(taskId, new Held(slot, now));
        return true;
    }

    /** The slot of the runner the task holds, if it holds one. */
    public synchronized OptionalInt slotOf(long taskId) {
        Held runner = held.get(taskId);
        return runner == null ? OptionalInt.empty() : OptionalInt.of(runner.slot());
    }

    /** Marks the task's process as started, so that its runner is never taken as a stale claim. */
    public synchronized void started(long taskId) {
        Held runner = held.get(taskId);
        if (runner != null) {
            held.put(taskId, new Held(runner.slot(), null));
        }
    }

    /** Gives the task's runner back, if it holds one. */
    public synchronized void release(long taskId) {
        Held runner = held.remove(taskId);
        if (runner != null) {
            taken.clear(runner.slot());
        }
    }

    public synchronized void setLimit(int newLimit) {
        limit = Math.max(0, newLimit);
    }

    public synchronized int inUse() {
        return held.size();
    }
}
