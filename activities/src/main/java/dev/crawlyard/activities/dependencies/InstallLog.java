package dev.crawlyard.activities.dependencies;

import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install's output on its way to the task's log (stream {@code system}), in small batches so
 * that a user watching the log sees an install as it goes. Its lines are numbered after whatever
 * this run of the task logged before, and the spider's lines come after them.
 */
final class InstallLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstallLog.class);
    private static final int BATCH_LINES = 200;
    private static final long BATCH_NANOS = 250_000_000L;
    private static final int TAIL_LINES = 15;
    /**
     * Lines pending beyond this make the next line wait for the store: an install that floods its
     * output is slowed down, not buffered without end.
     */
    private static final int MAX_PENDING = 10 * BATCH_LINES;
    /**
     * How long the final flush waits for a store under way: a database that stopped answering does
     * not hold the step for ever.
     */
    private static final Duration STORE_WAIT = Duration.ofSeconds(30);
    static final int MAX_LINE_LENGTH = 8192;

    private final TaskLogStore logs;
    private final long taskId;
    private final int attempt;
    /** Guarded by this, as are the tail, the numbering and the time of the last store. */
    private final List<LogLine> pending = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long seq;
    private long lastFlush = System.nanoTime();
    /** Set by {@link #close}: nothing is added or stored in the background after it. */
    private boolean closed;
    /**
     * Held while lines are being written to the database, outside this object's monitor: one store
     * at a time, in order, and a slow database holds up no one who only adds a line or looks.
     */
    private final ReentrantLock storing = new ReentrantLock();
    /** Whether a background store has been started and not ended: one at a time, however many lines come. */
    private final AtomicBoolean inBackground = new AtomicBoolean();

    InstallLog(TaskLogStore logs, long taskId, int attempt) {
        this.logs = logs;
        this.taskId = taskId;
        this.attempt = attempt;
        this.seq = logs.lastSeq(taskId, attempt);
    }

    /**
     * Adds a line; a full batch, or one whose time has come, is stored on a thread of its own, so
     * that neither the install's output reader nor the step's own thread (which says what it waits
     * for, and why it gives up) waits for the database, unless the output floods faster than it
     * can be stored.
     */
    void line(String text) {
        String kept = text.length() > MAX_LINE_LENGTH ? text.substring(0, MAX_LINE_LENGTH) : text;
        boolean due;
        boolean flooded;
        synchronized (this) {
            if (closed) {
                return;
            }
            pending.add(new LogLine(++seq, Instant.now(), LogStream.SYSTEM, kept));
            tail.addLast(kept);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
            due = pending.size() >= BATCH_LINES || System.nanoTime() - lastFlush >= BATCH_NANOS;
            flooded = pending.size() >= MAX_PENDING;
        }
        if (flooded) {
            storeAfterTheOneUnderWay();
        } else if (due) {
            storeInBackground();
        }
    }

    /**
     * Stores what is pending, in the background, once a batch's time has passed since the last
     * store. Called while the install waits (for its command, or for another's install of the same
     * environment), so that the last lines before a silence, and the line saying what it waits
     * for, are seen during the wait and not only once it ends.
     */
    void flushIfDue() {
        synchronized (this) {
            if (pending.isEmpty() || System.nanoTime() - lastFlush < BATCH_NANOS) {
                return;
            }
        }
        storeInBackground();
    }

    private void storeInBackground() {
        if (inBackground.compareAndSet(false, true)) {
            Thread.ofVirtual().name("install-log-" + taskId).start(() -> {
                try {
                    storeQuietly();
                } finally {
                    inBackground.set(false);
                }
            });
        }
    }

    /** The output outruns the database: the reader waits for the store under way, then stores. */
    private void storeAfterTheOneUnderWay() {
        storing.lock();
        try {
            storeLogging();
        } finally {
            storing.unlock();
        }
    }

    /** The last lines, for the message of a failed install. */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    /**
     * Stores every pending line, after a store under way (waited for at most {@link #STORE_WAIT});
     * a failure is thrown.
     */
    void flush() {
        boolean locked;
        try {
            locked = storing.tryLock(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the install's output", e);
        }
        if (!locked) {
            throw new IllegalStateException("the install's output could not be stored: the database did not answer"
                    + " within " + STORE_WAIT.toSeconds() + " s");
        }
        try {
            store();
        } finally {
            storing.unlock();
        }
    }

    /** Stores what is pending unless a store is under way (its lines go with the next) or the log is closed. */
    private void storeQuietly() {
        if (!storing.tryLock()) {
            return;
        }
        try {
            synchronized (this) {
                if (closed) {
                    // The final flush stores what there is, or fails and says so: nothing is stored after it.
                    return;
                }
            }
            storeLogging();
        } finally {
            storing.unlock();
        }
    }

    /** With {@link #storing} held: stores, logging a failure (the lines stay pending for the final flush). */
    private void storeLogging() {
        try {
            store();
        } catch (RuntimeException e) {
            log.warn("could not store install output yet: {}", e.getMessage());
        }
    }

    /** With {@link #storing} held: writes the pending lines; if that fails, they stay pending, first. */
    private void store() {
        List<LogLine> batch;
        synchronized (this) {
            lastFlush = System.nanoTime();
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        try {
            logs.append(taskId, attempt, batch);
        } catch (RuntimeException e) {
            synchronized (this) {
                pending.addAll(0, batch);
            }
            throw e;
        }
    }

    /** Stores what is left; from now on nothing is added or stored in the background. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        flush();
    }
}
