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
    private static final int READ_CHUNK = 1024 * 1024;
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final Duration LINGER = Duration.ofMillis(20);

    private final FileChannel file;
    private final Path path;
    private final long capacity;
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(WRITE_BUFFER);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    /** Where the next frame is written. */
    private long writePosition;
    /** Where the next take starts: frames before it are taken, and may be waiting to be stored. */
    private long takePosition;
    /** Frames before it are stored and released. */
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
        append(stream, bytes, 0, bytes.length);
    }

    /** Appends a line of {@code length} bytes of UTF-8 from {@code offset}, numbering it; blocks while the spool is full. */
    void append(LogStream stream, byte[] bytes, int offset, int length) throws InterruptedException {
        int frame = HEADER + length;
        lock.lockInterruptibly();
        try {
            // A line larger than the whole spool is let in once the spool is empty, so it cannot wait for ever.
            while (pending() > 0 && pending() + frame > capacity) {
                notFull.await();
            }
            if (writeBuffer.remaining() < frame) {
                flush();
            }
            if (writeBuffer.remaining() >= frame) {
                writeBuffer.putLong(++lastSeq).putLong(System.currentTimeMillis()).put((byte) stream.ordinal())
                        .putInt(length).put(bytes, offset, length);
            } else {
                // Larger than the buffer: straight to the file.
                ByteBuffer large = ByteBuffer.allocate(frame);
                large.putLong(++lastSeq).putLong(System.currentTimeMillis()).put((byte) stream.ordinal())
                        .putInt(length).put(bytes, offset, length).flip();
                while (large.hasRemaining()) {
                    writePosition += file.write(large, writePosition);
                }
            }
            notEmpty.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the output spool " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the buffered frames to the file. Lines are gathered in memory first so that a spider
     * printing fast costs one write per buffer, not one per line; they reach the file before the
     * sink reads them, and count towards the capacity while they wait.
     */
    private void flush() throws IOException {
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            writePosition += file.write(writeBuffer, writePosition);
        }
        writeBuffer.clear();
    }

    /** Bytes appended and not yet taken, in the file and in the buffer. */
    private long untaken() {
        return writePosition - takePosition + writeBuffer.position();
    }

    /** Bytes appended and not yet released, in the file and in the buffer. */
    private long pending() {
        return writePosition - readPosition + writeBuffer.position();
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
     * Adds up to {@code max} lines after those taken before to {@code into}, waiting up to
     * {@code wait} for the first. The lines stay in the spool until {@link #release} says they are
     * stored; releases must come in the order of the takes.
     *
     * @return the spool position after the lines taken, to pass to {@link #release}
     */
    long take(List<SpooledLine> into, int max, Duration wait) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (untaken() == 0 && !closedForWriting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return takePosition;
                }
                notEmpty.awaitNanos(left);
            }
            // While output is flowing, wait a moment for a fuller batch: each batch is a database
            // commit, and fewer, larger ones store more a second at the cost of a few milliseconds.
            long lingerUntil = System.nanoTime() + LINGER.toNanos();
            while (untaken() < READ_CHUNK / 2 && !closedForWriting) {
                long left = lingerUntil - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                notEmpty.awaitNanos(left);
            }
            flush();
            if (writePosition == takePosition) {
                return takePosition;
            }
            // One read of up to a chunk, split into frames in memory: one system call for many lines.
            long position = takePosition;
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(writePosition - position, READ_CHUNK));
            readFully(chunk, position);
            chunk.flip();
            while (position < writePosition && into.size() < max) {
                if (chunk.remaining() < HEADER) {
                    break;
                }
                int frameStart = chunk.position();
                long seq = chunk.getLong();
                long millis = chunk.getLong();
                LogStream stream = STREAMS[chunk.get()];
                int length = chunk.getInt();
                byte[] body = new byte[length];
                if (chunk.remaining() >= length) {
                    chunk.get(body);
                } else if (frameStart == 0) {
                    // A line larger than a chunk: read it by itself, and leave the rest to the next take.
                    readFully(ByteBuffer.wrap(body), position + HEADER);
                    into.add(new SpooledLine(seq, millis, stream, new String(body, StandardCharsets.UTF_8)));
                    position += HEADER + length;
                    takePosition = position;
                    return position;
                } else {
                    break; // Cut off at the chunk's end; the next take reads it whole.
                }
                into.add(new SpooledLine(seq, millis, stream, new String(body, StandardCharsets.UTF_8)));
                position += HEADER + length;
            }
            takePosition = position;
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
                takePosition = 0;
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

    /** True once writing is closed and every line was taken (if not yet released). */
    boolean allTaken() {
        lock.lock();
        try {
            return closedForWriting && untaken() == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting to be stored. */
    long pendingBytes() {
        lock.lock();
        try {
            return pending();
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
