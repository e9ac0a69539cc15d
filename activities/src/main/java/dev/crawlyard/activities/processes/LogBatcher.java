package dev.crawlyard.activities.processes;

import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers a task's log lines and writes them to the database in batches from one writer thread.
 * When the database fails, the batch is retried until it is stored; meanwhile the in-memory queue
 * fills and {@link #add} blocks, which stops the pumps from reading the spider's output, so the
 * spider is slowed down rather than any line being dropped.
 */
final class LogBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogBatcher.class);
    private static final long FIRST_SEQ_SHIFT = 32;
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

    private final TaskLogStore logs;
    private final long taskId;
    private final int attempt;
    private final int batchSize;
    private final BlockingQueue<LogLine> queue;
    private final Thread writer;
    private final Object order = new Object();
    private long lastSeq;
    private volatile long stored;
    private volatile boolean closing;

    LogBatcher(TaskLogStore logs, long taskId, int attempt, RunnerSettings settings) {
        this.logs = logs;
        this.taskId = taskId;
        this.attempt = attempt;
        this.batchSize = settings.logBatchSize();
        this.queue = new ArrayBlockingQueue<>(settings.logBufferLines());
        // Each attempt numbers its lines in its own range, so that pages read across attempts in order.
        this.lastSeq = (long) (attempt - 1) << FIRST_SEQ_SHIFT;
        this.writer = Thread.ofVirtual().name("task-" + taskId + "-logs").start(this::writeUntilClosed);
    }

    /** Queues a line; blocks while the queue is full. */
    void add(LogStream stream, String text) {
        // Numbering and queueing happen together, so the queue holds lines in sequence order and a
        // reader tailing the log never sees a later line stored before an earlier one.
        synchronized (order) {
            LogLine line = new LogLine(++lastSeq, Instant.now(), stream, text);
            try {
                queue.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while queueing a log line of task " + taskId, e);
            }
        }
    }

    /** How many lines have been stored so far. */
    long stored() {
        return stored;
    }

    /**
     * Stores everything queued, then stops the writer. Waits as long as that takes, calling
     * {@code whileWaiting} about once a second so that the caller can heartbeat meanwhile.
     */
    void close(Runnable whileWaiting) {
        closing = true;
        try {
            while (!writer.join(Duration.ofSeconds(1))) {
                whileWaiting.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the log of task " + taskId, e);
        }
    }

    @Override
    public void close() {
        close(() -> { });
    }

    private void writeUntilClosed() {
        List<LogLine> batch = new ArrayList<>(batchSize);
        while (!closing || !queue.isEmpty()) {
            try {
                LogLine first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                store(batch);
                stored += batch.size();
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void store(List<LogLine> batch) throws InterruptedException {
        Duration delay = Duration.ofMillis(100);
        while (true) {
            try {
                logs.append(taskId, attempt, batch);
                return;
            } catch (RuntimeException e) {
                log.warn("storing {} log lines failed, retrying in {} ms: {}", batch.size(), delay.toMillis(),
                        e.getMessage());
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
