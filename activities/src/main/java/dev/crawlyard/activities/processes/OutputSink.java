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

/**
 * Takes a spider's numbered output from the spool, reads the IPC messages in it, and stores log
 * lines and items in batches ({@link OutputStorage} says how failures are treated). A batch is
 * released from the spool only once it is stored, so a database outage delays output but loses
 * none; a retried batch is keyed (task, attempt, seq) and is stored once. Should storing fail for
 * good, the failure is kept for the runner ({@link #failure}) and the rest of the output is read
 * and dropped, so that nothing waits on it.
 */
final class OutputSink {

    private static final Logger log = LoggerFactory.getLogger(OutputSink.class);

    /** Where the task is, as the spider reported it and as far as its output is stored. */
    record Counters(long logLines, long items, long warnings, long errorsReported, String lastError,
            IpcMessage.Progress progress) {
    }

    private final OutputSpool spool;
    private final OutputStorage storage;
    private final IpcParser parser;
    private final long taskId;
    private final int batchSize;
    private final BlockingQueue<Routed> routed = new ArrayBlockingQueue<>(1);
    private final Thread reader;
    private final Thread writer;
    private volatile Counters counters = new Counters(0, 0, 0, 0, null, null);
    private volatile OutputStorage.Failed failure;
    private volatile String outOfMemoryLine;

    OutputSink(OutputSpool spool, TaskLogStore logs, ItemStore itemStore, IpcParser parser, long taskId, int attempt,
            long spiderId, DedupMode dedupMode, int batchSize) {
        this.spool = spool;
        this.storage = new OutputStorage(logs, itemStore, taskId, attempt, spiderId, dedupMode);
        this.parser = parser;
        this.taskId = taskId;
        this.batchSize = batchSize;
        // Two threads, so that the next batch is parsed while the last one is being stored.
        this.reader = Thread.ofVirtual().name("task-" + taskId + "-output-reader").start(this::readUntilDrained);
        this.writer = Thread.ofVirtual().name("task-" + taskId + "-output-writer").start(this::storeUntilDone);
    }

    Counters counters() {
        return counters;
    }

    /** Why the output can no longer be stored, or null while it can. */
    OutputStorage.Failed failure() {
        return failure;
    }

    /** The first line of the spider's output that says it ran out of memory, or null. */
    String outOfMemoryLine() {
        return outOfMemoryLine;
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
                if (failure == null) {
                    store(next.batch());
                }
                spool.release(next.position());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void store(Batch batch) throws InterruptedException {
        OutputStorage.Stored stored;
        try {
            stored = storage.store(batch.logLines, batch.items);
        } catch (OutputStorage.Failed e) {
            log.error("{}; the rest of the spider's output is dropped", e.getMessage());
            failure = e;
            return;
        }
        Counters before = counters;
        counters = new Counters(before.logLines + stored.logLines(), before.items + stored.items(),
                before.warnings + batch.warnings + stored.refused(), before.errorsReported + batch.errors,
                batch.lastError != null ? batch.lastError : before.lastError,
                batch.progress != null ? batch.progress : before.progress);
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
                case IpcMessage.Plain plain -> {
                    if (outOfMemoryLine == null && MemoryExhaustion.isSignature(line.text())) {
                        outOfMemoryLine = line.text();
                    }
                    batch.logLines.add(new LogLine(line.seq(), at, line.stream(), line.text()));
                }
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

}
