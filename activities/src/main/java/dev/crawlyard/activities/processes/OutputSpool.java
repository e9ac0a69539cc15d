package dev.crawlyard.activities.processes;

import dev.crawlyard.store.logs.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded on-disk queue between a spider's output and the database. The pumps append every
 * line they read, numbered in reading order; the sink takes lines out once it has stored them.
 * While the database is away the spool fills; when it is full, {@link #append} blocks, the pumps
 * stop reading, and the spider blocks on its own output: nothing is dropped.
 */
final class OutputSpool implements AutoCloseable {

    /** seq (8) + epoch millis (8) + stream (1) + length (4). */
    private static final int HEADER = 21;
    private static final LogStream[] STREAMS = LogStream.values();

    private final FileChannel file;
    private final Path path;
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long writePosition;
    private long readPosition;
    private long lastSeq;
    private boolean closedForWriting;

    /**
     * @param path     the spool file, created empty
     * @param capacity the most bytes the spool holds before writers wait
     * @param firstSeq the number the first line gets, less one
     */
    OutputSpool(Path path, long capacity, long firstSeq) throws IOException {
        this.path = path;
        this.capacity = capacity;
        this.lastSeq = firstSeq;
        Files.createDirectories(path.getParent());
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Appends a line, numbering it; blocks while the spool is full. */
    void append(LogStream stream, String text) throws InterruptedException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + bytes.length);
        lock.lockInterruptibly();
        try {
            // A line larger than the whole spool is let in once the spool is empty, so it cannot wait for ever.
            while (writePosition - readPosition > 0 && writePosition - readPosition + frame.capacity() > capacity) {
                notFull.await();
            }
            frame.putLong(++lastSeq).putLong(System.currentTimeMillis()).put((byte) stream.ordinal())
                    .putInt(bytes.length).put(bytes).flip();
            while (frame.hasRemaining()) {
                writePosition += file.write(frame, writePosition);
            }
            notEmpty.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the output spool " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** No more lines will be appended; {@link #take} returns what is left, then nothing. */
    void closeForWriting() {
        lock.lock();
        try {
            closedForWriting = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds up to {@code max} lines to {@code into}, waiting up to {@code wait} for the first.
     * The lines stay in the spool until {@link #release} says they are stored.
     *
     * @return the spool position after the lines taken, to pass to {@link #release}
     */
    long take(List<SpooledLine> into, int max, Duration wait) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (writePosition == readPosition && !closedForWriting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return readPosition;
                }
                notEmpty.awaitNanos(left);
            }
            long position = readPosition;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position < writePosition && into.size() < max) {
                header.clear();
                readFully(header, position);
                header.flip();
                long seq = header.getLong();
                long millis = header.getLong();
                LogStream stream = STREAMS[header.get()];
                int length = header.getInt();
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(body, position + HEADER);
                into.add(new SpooledLine(seq, millis, stream, new String(body.array(), StandardCharsets.UTF_8)));
                position += HEADER + length;
            }
            return position;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the output spool " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Frees the lines up to {@code position}: they are stored. */
    void release(long position) {
        lock.lock();
        try {
            readPosition = position;
            if (readPosition == writePosition) {
                // Empty again: start over at the front, so that the file never grows past the capacity.
                readPosition = 0;
                writePosition = 0;
                file.truncate(0);
            }
            notFull.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("could not truncate the output spool " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** True once writing is closed and every line was taken and released. */
    boolean drained() {
        lock.lock();
        try {
            return closedForWriting && readPosition == writePosition;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting to be stored. */
    long pendingBytes() {
        lock.lock();
        try {
            return writePosition - readPosition;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
        Files.deleteIfExists(path);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = file.read(buffer, at);
            if (read < 0) {
                throw new IOException("the output spool ended early at " + at);
            }
            at += read;
        }
    }

    /** A line as read from the spider, numbered. */
    record SpooledLine(long seq, long epochMillis, LogStream stream, String text) {
    }
}
