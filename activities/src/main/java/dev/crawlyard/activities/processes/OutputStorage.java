package dev.crawlyard.activities.processes;

import dev.crawlyard.store.StorageErrors;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.workflows.task.DedupMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt's log lines and items to PostgreSQL, treating each failure as its kind calls
 * for (see {@link StorageErrors}): trouble with the database is retried with back-off for as long
 * as it lasts, so that an outage delays output but loses none; a batch whose data the database
 * refuses is split in halves until the refused rows are alone, and each of those is left out with
 * a warning and a log line saying why, so that one bad row never holds up the rest; any other
 * error is retried a few times and then ends the attempt ({@link Failed}).
 */
final class OutputStorage {

    private static final Logger log = LoggerFactory.getLogger(OutputStorage.class);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    /** An error that is neither the database's trouble nor the data's is tried this often (about 20 s). */
    private static final int MAX_OTHER_TRIES = 8;
    private static final int MAX_REJECTED_TEXT = 500;

    /** Storing the output failed in a way that waiting will not mend; the attempt cannot go on. */
    static final class Failed extends RuntimeException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database refused these rows' data. */
    private static final class Refused extends Exception {
        Refused(RuntimeException cause) {
            super(cause);
        }
    }

    private final TaskLogStore logs;
    private final ItemStore items;
    private final long taskId;
    private final int attempt;
    private final long spiderId;
    private final DedupMode dedupMode;

    OutputStorage(TaskLogStore logs, ItemStore items, long taskId, int attempt, long spiderId, DedupMode dedupMode) {
        this.logs = logs;
        this.items = items;
        this.taskId = taskId;
        this.attempt = attempt;
        this.spiderId = spiderId;
        this.dedupMode = dedupMode;
    }

    /** What storing a batch came to. */
    record Stored(int items, int logLines, int refused) {
    }

    /** Stores a batch's log lines, then its items, then a line for each item the database refused. */
    Stored store(List<LogLine> lines, List<ItemRow> batchItems) throws InterruptedException {
        int[] refused = new int[1];
        int storedLines = storeLines(lines, refused);
        Map<Long, LogLine> rejections = new LinkedHashMap<>();
        int added = batchItems.isEmpty() ? 0 : storeItems(batchItems, rejections, refused);
        if (!rejections.isEmpty()) {
            storedLines += storeLines(new ArrayList<>(rejections.values()), refused);
        }
        return new Stored(added, storedLines, refused[0]);
    }

    private int storeLines(List<LogLine> lines, int[] refused) throws InterruptedException {
        if (lines.isEmpty()) {
            return 0;
        }
        try {
            write(() -> {
                logs.append(taskId, attempt, lines);
                return lines.size();
            });
            return lines.size();
        } catch (Refused e) {
            if (lines.size() > 1) {
                int half = lines.size() / 2;
                return storeLines(lines.subList(0, half), refused) + storeLines(lines.subList(half, lines.size()), refused);
            }
            LogLine line = lines.getFirst();
            refused[0]++;
            String reason = StorageErrors.describe(e.getCause());
            log.warn("the database refused log line {}: {}", line.seq(), reason);
            LogLine instead = new LogLine(line.seq(), line.ts(), LogStream.SYSTEM,
                    "a " + line.stream().wireName() + " line was refused by the database and left out: " + reason);
            try {
                write(() -> {
                    logs.append(taskId, attempt, List.of(instead));
                    return 1;
                });
                return 1;
            } catch (Refused again) {
                return 0;
            }
        }
    }

    private int storeItems(List<ItemRow> batch, Map<Long, LogLine> rejections, int[] refused)
            throws InterruptedException {
        try {
            return write(() -> items.append(taskId, attempt, spiderId, dedupMode, batch));
        } catch (Refused e) {
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                return storeItems(batch.subList(0, half), rejections, refused)
                        + storeItems(batch.subList(half, batch.size()), rejections, refused);
            }
            ItemRow item = batch.getFirst();
            refused[0]++;
            String reason = StorageErrors.describe(e.getCause());
            log.warn("the database refused an item of output line {}: {}", item.seq() >> 16, reason);
            String text = item.json().length() > MAX_REJECTED_TEXT
                    ? item.json().substring(0, MAX_REJECTED_TEXT) + "..." : item.json();
            // Items share their line's seq in the log; the data line itself is not a log line, so
            // the seq is free for the note (one note per line).
            rejections.putIfAbsent(item.seq() >> 16, new LogLine(item.seq() >> 16, Instant.now(), LogStream.SYSTEM,
                    "item refused by the database and left out (" + reason + "): " + text));
            return 0;
        }
    }

    /** Runs the write as its failures call for; returns its answer. */
    private int write(IntSupplier write) throws InterruptedException, Refused {
        Duration delay = FIRST_RETRY_DELAY;
        int otherTries = 0;
        while (true) {
            try {
                return write.getAsInt();
            } catch (RuntimeException e) {
                StorageErrors.Kind kind = StorageErrors.classify(e);
                if (kind == StorageErrors.Kind.REFUSED) {
                    throw new Refused(e);
                }
                if (kind == StorageErrors.Kind.OTHER && ++otherTries >= MAX_OTHER_TRIES) {
                    throw new Failed("the spider's output could not be stored: " + StorageErrors.describe(e), e);
                }
                log.warn("storing output failed ({}), retrying in {} ms: {}", kind.name().toLowerCase(java.util.Locale.ROOT),
                        delay.toMillis(), StorageErrors.describe(e));
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
