package dev.crawlyard.activities.dependencies;

import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
    static final int MAX_LINE_LENGTH = 8192;

    private final TaskLogStore logs;
    private final long taskId;
    private final int attempt;
    /** Guarded by this, as are the tail, the numbering and the time of the last store. */
    private final List<LogLine> pending = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long seq;
    private long lastFlush = System.nanoTime();
    /**
     * Held while lines are being written to the database, outside this object's monitor: one store
     * at a time, in order, and a slow database holds up no one who only adds a line or looks.
     */
    private final ReentrantLock storing = new ReentrantLock();

    InstallLog(TaskLogStore logs, long taskId, int attempt) {
        this.logs = logs;
        this.taskId = taskId;
        this.attempt = attempt;
        this.seq = logs.lastSeq(taskId, attempt);
    }

    void line(String text) {
        String kept = text.length() > MAX_LINE_LENGTH ? text.substring(0, MAX_LINE_LENGTH) : text;
        boolean due;
        synchronized (this) {
            pending.add(new LogLine(++seq, Instant.now(), LogStream.SYSTEM, kept));
            tail.addLast(kept);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
            due = pending.size() >= BATCH_LINES || System.nanoTime() - lastFlush >= BATCH_NANOS;
        }
        if (due) {
            storeQuietly();
        }
    }

    /**
     * Stores what is pending, on a thread of its own, once a batch's time has passed since the last
     * store. Called while the install waits (for its command, or for another's install of the same
     * environment), so that the last lines before a silence, and the line saying what it waits
     * for, are seen during the wait and not only once it ends; the caller goes straight back to
     * looking at the stop and the timeout, however slow the database is.
     */
    void flushIfDue() {
        synchronized (this) {
            if (pending.isEmpty() || System.nanoTime() - lastFlush < BATCH_NANOS) {
                return;
            }
        }
        if (!storing.isLocked()) {
            Thread.ofVirtual().name("install-log-" + taskId).start(this::storeQuietly);
        }
    }

    /** The last lines, for the message of a failed install. */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    /** Stores every pending line, waiting for a store under way; a failure is thrown. */
    void flush() {
        storing.lock();
        try {
            store();
        } finally {
            storing.unlock();
        }
    }

    /** Stores what is pending unless a store is under way (its lines go with the next); a failure is logged. */
    private void storeQuietly() {
        if (!storing.tryLock()) {
            return;
        }
        try {
            store();
        } catch (RuntimeException e) {
            // The lines stay pending; the final flush, which does not swallow, tries again.
            log.warn("could not store install output yet: {}", e.getMessage());
        } finally {
            storing.unlock();
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

    @Override
    public void close() {
        flush();
    }
}
