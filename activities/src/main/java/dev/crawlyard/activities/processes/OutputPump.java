package dev.crawlyard.activities.processes;

import dev.crawlyard.store.logs.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one of a spider's output streams line by line into the output spool. A line longer than
 * the limit is cut into pieces rather than held in memory whole. While the spool is full this
 * stops reading, which makes the spider wait on its own output.
 */
final class OutputPump implements Runnable {

    private final InputStream input;
    private final LogStream stream;
    private final OutputSpool spool;
    private final int maxLineLength;

    OutputPump(InputStream input, LogStream stream, OutputSpool spool, int maxLineLength) {
        this.input = input;
        this.stream = stream;
        this.spool = spool;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (input) {
            int read;
            while ((read = input.read(buffer)) != -1) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line);
                    } else {
                        line.write(b);
                        if (line.size() >= maxLineLength) {
                            emit(line);
                        }
                    }
                }
            }
            if (line.size() > 0) {
                emit(line);
            }
        } catch (IOException e) {
            // The stream was closed under us: the runner gave up waiting for leftover children.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void emit(ByteArrayOutputStream line) throws InterruptedException {
        int length = line.size();
        byte[] bytes = line.toByteArray();
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        spool.append(stream, new String(bytes, 0, length, StandardCharsets.UTF_8));
        line.reset();
    }
}
