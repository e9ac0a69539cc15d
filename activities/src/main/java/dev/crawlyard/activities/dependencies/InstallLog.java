package dev.crawlyard.activities.dependencies;

import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
    private final List<LogLine> pending = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long seq;
    private long lastFlush = System.nanoTime();

    InstallLog(TaskLogStore logs, long taskId, int attempt) {
        this.logs = logs;
        this.taskId = taskId;
        this.attempt = attempt;
        this.seq = logs.lastSeq(taskId, attempt);
    }

    synchronized void line(String text) {
        String kept = text.length() > MAX_LINE_LENGTH ? text.substring(0, MAX_LINE_LENGTH) : text;
        pending.add(new LogLine(++seq, Instant.now(), LogStream.SYSTEM, kept));
        tail.addLast(kept);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        if (pending.size() >= BATCH_LINES || System.nanoTime() - lastFlush >= BATCH_NANOS) {
            flushQuietly();
        }
    }

    /**
     * Stores what is pending once a batch's time has passed since the last store: called while the
     * install waits (for its command, or for another's install of the same environment), so that
     * the last lines before a silence, and the line saying what it waits for, are seen during it
     * and not only once it ends.
     */
    synchronized void flushIfDue() {
        if (!pending.isEmpty() && System.nanoTime() - lastFlush >= BATCH_NANOS) {
            flushQuietly();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The lines stay pending; the final flush, which does not swallow, tries again.
            log.warn("could not store install output yet: {}", e.getMessage());
        }
    }

    /** The last lines, for the message of a failed install. */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    synchronized void flush() {
        lastFlush = System.nanoTime();
        if (!pending.isEmpty()) {
            logs.append(taskId, attempt, pending);
            pending.clear();
        }
    }

    @Override
    public void close() {
        flush();
    }
}
