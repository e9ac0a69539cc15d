package dev.crawlyard.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The node's runners: a task takes one when the node claims it and keeps it through every step and
 * every retry of a step on this node, until its process has ended (or it was stopped, or it failed
 * for good before its process started), so that a node never runs more than its limit of spider
 * processes. The limit (zero while the node is disabled) can change at any time.
 *
 * <p>A claim may be delivered twice (Temporal runs a step again when it thinks its first run was
 * lost, and the first may still be at work on a slow node): the runner is given back when a claim
 * fails only if no other run of the claim is at work on it here and none has succeeded, or, once a
 * step has given the task back because the node is stopping ({@link #handBack}), when the last run
 * of the claim at work ends, whatever it did. While the node is stopping, no claim or step takes
 * such a hold again.
 *
 * <p>Each runner a task holds is a numbered slot (the lowest free number), which names the user
 * its spider runs as when the node has {@link RunnerUsers}.
 *
 * <p>The node's poll of the shared dispatch queue first reserves a runner ({@link #reserve}), so a
 * node polls for a claim only while it has a runner free: a full or disabled node does not poll,
 * and the claim goes to a node that can run it instead of being refused and retried. A reservation
 * lasts as long as the poll and the claim it brings; the claim then takes the runner for its task
 * ({@link #tryAcquire}) before the reservation ends.
 */
public final class RunnerSlots {

    /**
     * A claim whose process has not started and that no step has touched for this long is given
     * back: its task went elsewhere, or its claim was taken for lost. Every step before the process
     * heartbeats and touches it, and the workflow waits at most a minute for the next step to start
     * on the node that claimed the task.
     */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(2);

    /** A task's hold on a runner. */
    private static final class Hold {
        final int slot;
        Instant touched;
        boolean started;
        /** Runs of a claiming step (the claim, or a sync that is the claim) at work now. */
        int claiming;
        /** Whether a run of a claiming step succeeded. */
        boolean claimed;
        /** Whether a step gave the task back while other runs of a claiming step were at work on it. */
        boolean handedBack;

        Hold(int slot, Instant now) {
            this.slot = slot;
            touched = now;
        }

        boolean staleAt(Instant now) {
            return !started && claiming == 0 && touched.plus(STALE_CLAIM).isBefore(now);
        }
    }

    private final Map<Long, Hold> held = new HashMap<>();
    private final BitSet taken = new BitSet();
    private final int capacity;
    private final List<LongConsumer> releaseListeners = new CopyOnWriteArrayList<>();
    /** Dispatch polls waiting for a runner, oldest first. */
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int reserved;
    /** Granted reservations whose poll has been sent, until the reservation ends. */
    private int pollsSent;
    private int limit;
    /** Whether the node is stopping: it takes no task any more, whatever its limit. */
    private boolean stopping;

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
        return hold(taskId) != null;
    }

    private Hold hold(long taskId) {
        Instant now = Instant.now();
        Hold hold = held.get(taskId);
        if (hold != null && hold.handedBack) {
            if (stopping) {
                // Given back by the stop, and going back once the last run of its claim ends.
                return null;
            }
            // Taken again once the node takes tasks again (started after its stop): the task's own
            // again, so the end of the claim run still at work leaves it.
            hold.handedBack = false;
        }
        if (hold != null) {
            hold.touched = now;
            return hold;
        }
        purgeStaleClaims(now);
        if (held.size() >= effectiveLimit()) {
            return null;
        }
        int slot = taken.nextClearBit(0);
        taken.set(slot);
        hold = new Hold(slot, now);
        held.put(taskId, hold);
        return hold;
    }

    /** The slot of the runner the task holds, if it holds one. */
    public synchronized OptionalInt slotOf(long taskId) {
        Hold hold = held.get(taskId);
        return hold == null ? OptionalInt.empty() : OptionalInt.of(hold.slot);
    }

    /**
     * A run of the claiming sync begins: takes a runner for the task, or keeps the one it has;
     * false if the node is full or disabled. End it with {@link #claimEnded}.
     */
    public synchronized boolean tryClaim(long taskId) {
        Hold hold = hold(taskId);
        if (hold == null) {
            return false;
        }
        hold.claiming++;
        return true;
    }

    /**
     * A run of a claiming step ended. Had it failed, the runner is given back unless another run of
     * the claim is at work here or one succeeded: the task is then still this node's. Had a step
     * given the task back meanwhile ({@link #handBack}), it is given back once no run is at work.
     */
    public void claimEnded(long taskId, boolean succeeded) {
        boolean givenBack = false;
        synchronized (this) {
            Hold hold = held.get(taskId);
            if (hold != null) {
                hold.claiming = Math.max(0, hold.claiming - 1);
                hold.claimed |= succeeded;
                hold.touched = Instant.now();
                if (hold.claiming == 0 && !hold.started && (hold.handedBack || !succeeded && !hold.claimed)) {
                    giveBack(taskId);
                    givenBack = true;
                }
            }
        }
        if (givenBack) {
            releaseListeners.forEach(listener -> listener.accept(taskId));
        }
    }

    /** Keeps the task's claim from going stale while a step before its process works on it. */
    public synchronized void touch(long taskId) {
        Hold hold = held.get(taskId);
        if (hold != null) {
            hold.touched = Instant.now();
        }
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

    /**
     * A granted reservation's poll is sent: until {@link #pollEnded} it counts as under way
     * ({@link #underWay}), as the claim it may bring, before that claim has taken its runner.
     */
    public synchronized void pollSent() {
        pollsSent++;
    }

    /** Ends a reservation whose poll was sent ({@link #pollSent}). */
    public synchronized void pollEnded() {
        pollsSent = Math.max(0, pollsSent - 1);
        unreserve();
    }

    /** Ends a reservation whether or not it was granted: a waiting one is withdrawn, a granted one ended. */
    public synchronized void abandon(CompletableFuture<Void> reservation) {
        if (!waiting.remove(reservation) && reservation.isDone() && !reservation.isCompletedExceptionally()) {
            unreserve();
        }
    }

    private void purgeStaleClaims(Instant now) {
        held.values().removeIf(hold -> {
            if (hold.staleAt(now)) {
                taken.clear(hold.slot);
                return true;
            }
            return false;
        });
    }

    /** Runners neither running a task nor reserved by a poll. */
    private int free() {
        return effectiveLimit() - held.size() - reserved;
    }

    private int effectiveLimit() {
        return stopping ? 0 : Math.min(limit, capacity);
    }

    /** Removes the task's hold and frees its slot for the next claim or poll. */
    private void giveBack(long taskId) {
        Hold hold = held.remove(taskId);
        if (hold != null) {
            taken.clear(hold.slot);
        }
        grantWaiting();
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

    /** What {@link #beginRun} found. */
    public enum RunStart {
        /** The task holds its runner, now marked as the run step's: no earlier step gives it back. */
        BEGUN,
        /** The node is stopping: nothing starts here any more. */
        STOPPING,
        /** The task holds no runner here and none is free. */
        NO_RUNNER
    }

    /**
     * The run step takes the task's runner for its process, in one step with the look at whether
     * the node is stopping: once it has, the runner counts as started (never taken as a stale
     * claim, counted in {@link #running}), so that an old run of an earlier step that sees the stop
     * does not give it back under the spider.
     */
    public synchronized RunStart beginRun(long taskId) {
        if (stopping) {
            return RunStart.STOPPING;
        }
        Hold hold = hold(taskId);
        if (hold == null) {
            return RunStart.NO_RUNNER;
        }
        hold.started = true;
        return RunStart.BEGUN;
    }

    /** Gives the task's runner back, if it holds one, and tells the listeners that the task left this node. */
    public void release(long taskId) {
        synchronized (this) {
            giveBack(taskId);
        }
        releaseListeners.forEach(listener -> listener.accept(taskId));
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

    /**
     * The node is stopping: from now on no claim takes a runner and no dispatch poll gets one, a
     * later {@link #setLimit} notwithstanding; the tasks holding runners keep them until their
     * steps give them back ({@link #handBack}) or their processes end.
     */
    public synchronized void stopTaking() {
        stopping = true;
    }

    /** The node (started again after a stop: a lifecycle restart) takes tasks again, up to its limit. */
    public synchronized void startTaking() {
        stopping = false;
        grantWaiting();
    }

    /**
     * Whether {@link #stopTaking} was called since the last {@link #startTaking}: a run step seeing
     * it stops its spider and gives the task back, a sync or an install gives it back at once.
     */
    public synchronized boolean stopping() {
        return stopping;
    }

    /**
     * A step before the task's process gives the task back because the node is stopping. False if
     * the process has started: a later step has the task, and this run is an old one that Temporal
     * gave up on. Otherwise the runner is given back (and the release listeners told) now, or, while
     * other runs of a claiming step are at work on the task ({@code claimingRun}: this run is one of
     * those, and still counted), once the last of them ends ({@link #claimEnded}); true.
     */
    public boolean handBack(long taskId, boolean claimingRun) {
        boolean givenBack = false;
        synchronized (this) {
            Hold hold = held.get(taskId);
            if (hold != null && hold.started) {
                return false;
            }
            if (hold != null && hold.claiming > (claimingRun ? 1 : 0)) {
                hold.handedBack = true;
            } else if (hold != null) {
                giveBack(taskId);
                givenBack = true;
            }
        }
        if (givenBack) {
            releaseListeners.forEach(listener -> listener.accept(taskId));
        }
        return true;
    }

    /**
     * Tasks holding a runner here whose process has not started and that a step touched within
     * {@code within}: their next step is on its way (a stopping node waits for it to give the task
     * back). A hold left by a task that went elsewhere is not counted once it is that old.
     */
    public synchronized int awaitingStep(Duration within) {
        Instant since = Instant.now().minus(within);
        return (int) held.values().stream().filter(hold -> !hold.started && hold.touched.isAfter(since)).count();
    }

    /** Tasks whose process has started here and not ended. */
    public synchronized int running() {
        return (int) held.values().stream().filter(hold -> hold.started).count();
    }

    public synchronized void setLimit(int newLimit) {
        limit = Math.max(0, newLimit);
        grantWaiting();
    }

    public synchronized int inUse() {
        return held.size();
    }

    /**
     * The tasks under way here as random dispatch compares them between nodes: those holding a
     * runner, and the polls sent whose reservation has not ended (each may have brought a claim
     * that has not taken its runner yet). A claim counts twice for the moment between taking its
     * runner and ending its poll's reservation: the node takes itself for busier for that moment,
     * never for idler.
     */
    public synchronized int underWay() {
        return held.size() + pollsSent;
    }

    /** Runners running no task (a dispatch poll's reservation counts as idle): 0 while the node is disabled or full. */
    public synchronized int idle() {
        return Math.max(0, (stopping ? 0 : limit) - held.size());
    }
}
