package dev.crawlyard.activities.processes;

import dev.crawlyard.store.logs.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one of a spider's output streams line by line into the output spool. Whatever the spider
 * writes ends up stored, and what had to be changed to store it is said and counted, never
 * dropped silently:
 * <ul>
 * <li>a line longer than the limit is cut into pieces (at a character boundary), each stored, and
 *     a system line says so;</li>
 * <li>bytes that are not UTF-8 become U+FFFD, and NUL characters (which PostgreSQL cannot store)
 *     become U+FFFD too; a system line says so for the first few lines, and every such line counts;</li>
 * <li>other control characters, ANSI escapes and a {@code \r} inside a line are kept as printed
 *     (a trailing {@code \r} of a CRLF line ending is dropped).</li>
 * </ul>
 * While the spool is full this stops reading, which makes the spider wait on its own output.
 */
final class OutputPump implements Runnable {

    /** Notices about repaired lines stop after this many per stream; the count goes on. */
    static final int MAX_NOTICES = 10;

    private final InputStream input;
    private final LogStream stream;
    private final OutputSpool spool;
    private final int maxLineLength;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final AtomicLong repairedLines = new AtomicLong();
    private long lines;
    private long notices;
    private boolean continuing;
    /** The line being read: its first {@link #lineLength} bytes. */
    private byte[] line = new byte[256];
    private int lineLength;

    OutputPump(InputStream input, LogStream stream, OutputSpool spool, int maxLineLength) {
        this.input = input;
        this.stream = stream;
        this.spool = spool;
        this.maxLineLength = Math.max(4, maxLineLength);
    }

    /** Lines that had to be split, or had bytes replaced, to be stored: each a warning on the task. */
    long repairedLines() {
        return repairedLines.get();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (input) {
            int read;
            while ((read = input.read(buffer)) != -1) {
                int at = 0;
                while (at < read) {
                    // Up to the next line break, or until the line is as long as a line may be.
                    int room = maxLineLength - lineLength;
                    int end = Math.min(read, at + room);
                    int lineBreak = at;
                    while (lineBreak < end && buffer[lineBreak] != '\n') {
                        lineBreak++;
                    }
                    add(buffer, at, lineBreak - at);
                    if (lineBreak < end) {
                        emit(lineLength, false);
                        at = lineBreak + 1;
                    } else {
                        at = end;
                        if (lineLength >= maxLineLength) {
                            emit(characterBoundary(), true);
                        }
                    }
                }
            }
            if (lineLength > 0) {
                emit(lineLength, false);
            }
        } catch (IOException e) {
            // The stream was closed under us: the runner gave up waiting for leftover children.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(byte[] bytes, int from, int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /** Where to cut a full line so that no UTF-8 character is split: before a trailing partial one. */
    private int characterBoundary() {
        int end = lineLength;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = line[end - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                // A lead byte: cut before it unless its character is complete.
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return length > back ? end - back : end;
            }
        }
        return end;
    }

    /**
     * Spools the first {@code length} bytes of the line as one line and keeps the rest for the next.
     * A line of valid UTF-8 without NUL goes to the spool as it was read, without being decoded.
     */
    private void emit(int length, boolean cut) throws InterruptedException {
        int textLength = length;
        if (!cut && textLength > 0 && line[textLength - 1] == '\r') {
            textLength--;
        }
        lines++;
        long number = lines;
        boolean ascii = true;
        boolean nul = false;
        for (int i = 0; i < textLength; i++) {
            byte b = line[i];
            ascii &= b >= 0;
            nul |= b == 0;
        }
        boolean invalid = false;
        if (!ascii) {
            try {
                strict.decode(ByteBuffer.wrap(line, 0, textLength));
            } catch (CharacterCodingException e) {
                invalid = true;
            }
        }
        if (invalid || nul) {
            String text = new String(line, 0, textLength, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
            spool.append(stream, text);
        } else {
            spool.append(stream, line, 0, textLength);
        }
        System.arraycopy(line, length, line, 0, lineLength - length);
        lineLength -= length;
        if (cut && !continuing) {
            repairedLines.incrementAndGet();
            notice("line " + number + " of " + stream.wireName() + " is longer than " + maxLineLength
                    + " bytes; it is stored in pieces of at most that many bytes");
        } else if (invalid || nul) {
            repairedLines.incrementAndGet();
            notice("line " + number + " of " + stream.wireName() + " had "
                    + (invalid && nul ? "bytes that are not UTF-8 and NUL characters" : invalid
                            ? "bytes that are not UTF-8" : "NUL characters")
                    + "; they are stored as U+FFFD");
        }
        continuing = cut;
    }

    private void notice(String text) throws InterruptedException {
        notices++;
        if (notices <= MAX_NOTICES) {
            spool.append(LogStream.SYSTEM, text);
        } else if (notices == MAX_NOTICES + 1) {
            spool.append(LogStream.SYSTEM, "further repaired lines of " + stream.wireName()
                    + " are counted as warnings without a notice");
        }
    }
}
