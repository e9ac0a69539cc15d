package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.processes.OutputSpool.SpooledLine;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Takes a spider's numbered output from the spool, reads the IPC messages in it, and stores log
 * lines and items in batches. A batch that fails is retried until it is stored,
 * and only then released from the spool, so a database outage delays output but loses none; a
 * retried batch is keyed (task, attempt, seq) and is stored once.
 */
final class OutputSink {

    private static final Logger log = LoggerFactory.getLogger(OutputSink.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    private static final int MAX_REJECTED_TEXT = 500;

    /** Where the task is, as the spider reported it and as far as its output is stored. */
    record Counters(long logLines, long items, long warnings, long errorsReported, String lastError,
            IpcMessage.Progress progress) {
    }

    private final OutputSpool spool;
    private final TaskLogStore logs;
    private final ItemStore itemStore;
    private final IpcParser parser;
    private final long taskId;
    private final int attempt;
    private final long spiderId;
    private final DedupMode dedupMode;
    private final int batchSize;
    private final BlockingQueue<Routed> routed = new ArrayBlockingQueue<>(1);
    private final Thread reader;
    private final Thread writer;
    private volatile Counters counters = new Counters(0, 0, 0, 0, null, null);

    OutputSink(OutputSpool spool, TaskLogStore logs, ItemStore itemStore, IpcParser parser, long taskId, int attempt,
            long spiderId, DedupMode dedupMode, int batchSize) {
        this.spool = spool;
        this.logs = logs;
        this.itemStore = itemStore;
        this.parser = parser;
        this.taskId = taskId;
        this.attempt = attempt;
        this.spiderId = spiderId;
        this.dedupMode = dedupMode;
        this.batchSize = batchSize;
        // Two threads, so that the next batch is parsed while the last one is being stored.
        this.reader = Thread.ofVirtual().name("task-" + taskId + "-output-reader").start(this::readUntilDrained);
        this.writer = Thread.ofVirtual().name("task-" + taskId + "-output-writer").start(this::storeUntilDone);
    }

    Counters counters() {
        return counters;
    }

    /**
     * Stores everything the spider wrote, then returns. Waits as long as that takes (the database
     * may be away), calling {@code whileWaiting} about once a second so that the caller can heartbeat.
     */
    void finish(Runnable whileWaiting) {
        spool.closeForWriting();
        try {
            while (!reader.join(Duration.ofSeconds(1))) {
                whileWaiting.run();
            }
            while (!writer.join(Duration.ofSeconds(1))) {
                whileWaiting.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the output of task " + taskId, e);
        }
    }

    /** A parsed batch and the spool position to release once it is stored; a null batch ends the writer. */
    private record Routed(Batch batch, long position) {
    }

    private void readUntilDrained() {
        List<SpooledLine> lines = new ArrayList<>(batchSize);
        try {
            while (true) {
                lines.clear();
                long position = spool.take(lines, batchSize, Duration.ofMillis(100));
                if (!lines.isEmpty()) {
                    routed.put(new Routed(route(lines), position));
                } else if (spool.allTaken()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                routed.put(new Routed(null, -1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void storeUntilDone() {
        try {
            while (true) {
                Routed next = routed.take();
                if (next.batch() == null) {
                    return;
                }
                Batch batch = next.batch();
                retryUntilStored(() -> logs.append(taskId, attempt, batch.logLines));
                int added = storeItems(batch);
                spool.release(next.position());
                Counters before = counters;
                counters = new Counters(before.logLines + batch.logLines.size(), before.items + added,
                        before.warnings + batch.warnings, before.errorsReported + batch.errors,
                        batch.lastError != null ? batch.lastError : before.lastError,
                        batch.progress != null ? batch.progress : before.progress);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One batch of lines, sorted into what goes where. */
    private static final class Batch {
        final List<LogLine> logLines = new ArrayList<>();
        final List<ItemRow> items = new ArrayList<>();
        long warnings;
        long errors;
        String lastError;
        IpcMessage.Progress progress;
    }

    private Batch route(List<SpooledLine> lines) {
        Batch batch = new Batch();
        for (SpooledLine line : lines) {
            Instant at = Instant.ofEpochMilli(line.epochMillis());
            IpcMessage message = line.stream() == LogStream.STDOUT ? parser.parse(line.text()) : new IpcMessage.Plain();
            switch (message) {
                case IpcMessage.Plain plain -> batch.logLines.add(new LogLine(line.seq(), at, line.stream(), line.text()));
                case IpcMessage.Data data -> {
                    // Items of one line share its seq: the line's seq times the payload size keeps keys unique.
                    long base = line.seq() << 16;
                    for (int i = 0; i < data.items().size(); i++) {
                        IpcMessage.Item item = data.items().get(i);
                        batch.items.add(new ItemRow(base + i, item.dedupKey(), item.json()));
                    }
                }
                case IpcMessage.Progress progress -> batch.progress = progress;
                case IpcMessage.SpiderError error -> {
                    batch.errors++;
                    batch.lastError = error.message();
                    batch.logLines.add(new LogLine(line.seq(), at, LogStream.SYSTEM,
                            "spider error (" + error.kind() + "): " + error.message()));
                }
                case IpcMessage.Log structured -> batch.logLines.add(new LogLine(line.seq(), at, LogStream.STDOUT,
                        "[" + structured.level().toUpperCase(Locale.ROOT) + "] " + structured.message()));
                case IpcMessage.Malformed malformed -> {
                    batch.warnings++;
                    log.debug("malformed IPC line kept as a log line: {}", malformed.reason());
                    batch.logLines.add(new LogLine(line.seq(), at, line.stream(), line.text()));
                }
            }
        }
        return batch;
    }

    /**
     * Stores the batch's items. Should the database refuse the data itself (not the connection),
     * the items are stored one by one and each refused one becomes a warning and a log line, so
     * that one bad item cannot hold up the rest for ever.
     */
    private int storeItems(Batch batch) throws InterruptedException {
        if (batch.items.isEmpty()) {
            return 0;
        }
        int[] added = new int[1];
        try {
            retryUntilStored(() -> added[0] = itemStore.append(taskId, attempt, spiderId, dedupMode, batch.items));
            return added[0];
        } catch (DataIntegrityViolationException refused) {
            log.warn("the database refused a batch of {} items; storing them one by one: {}", batch.items.size(),
                    refused.getMostSpecificCause().getMessage());
        }
        int total = 0;
        List<LogLine> rejections = new ArrayList<>();
        for (ItemRow item : batch.items) {
            try {
                retryUntilStored(() -> added[0] = itemStore.append(taskId, attempt, spiderId, dedupMode, List.of(item)));
                total += added[0];
            } catch (DataIntegrityViolationException refused) {
                batch.warnings++;
                String text = item.json().length() > MAX_REJECTED_TEXT
                        ? item.json().substring(0, MAX_REJECTED_TEXT) + "..." : item.json();
                rejections.add(new LogLine(item.seq() >> 16, Instant.now(), LogStream.SYSTEM,
                        "item refused by the database (" + refused.getMostSpecificCause().getMessage() + "): " + text));
            }
        }
        retryUntilStored(() -> logs.append(taskId, attempt, rejections));
        batch.logLines.addAll(rejections);
        return total;
    }

    /** Runs the write until it succeeds; a refusal of the data itself is passed up, anything else retried. */
    private void retryUntilStored(Runnable write) throws InterruptedException {
        Duration delay = Duration.ofMillis(100);
        while (true) {
            try {
                write.run();
                return;
            } catch (DataIntegrityViolationException refused) {
                throw refused;
            } catch (RuntimeException e) {
                log.warn("storing output failed, retrying in {} ms: {}", delay.toMillis(), e.getMessage());
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
