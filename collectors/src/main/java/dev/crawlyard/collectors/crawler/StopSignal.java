package dev.crawlyard.collectors.crawler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Why the crawl should stop early: the runner's cancel message on stdin (it sends SIGTERM after a
 * notice period), or stdin closed without one, which means the runner is gone and nothing the
 * crawler prints will be stored.
 */
final class StopSignal {

    /** How the crawl is asked to stop. */
    enum Reason {
        NONE,
        /** Cancelled or out of time: give back what is leased and end. */
        CANCELLED,
        /** The runner died: stop at once; the leases run out and the crawl's other tasks resolve them. */
        RUNNER_GONE
    }

    private volatile Reason reason = Reason.NONE;

    Reason reason() {
        return reason;
    }

    boolean stopping() {
        return reason != Reason.NONE;
    }

    void cancel() {
        if (reason == Reason.NONE) {
            reason = Reason.CANCELLED;
        }
    }

    /** Watches {@code stdin} on a daemon thread. */
    StopSignal watch(InputStream stdin) {
        Thread thread = new Thread(() -> read(stdin), "stdin");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void read(InputStream stdin) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String compact = line.replace(" ", "");
                if (compact.contains("\"type\":\"cancel\"")) {
                    cancel();
                }
            }
        } catch (IOException e) {
            // As good as closed.
        }
        if (reason == Reason.NONE) {
            reason = Reason.RUNNER_GONE;
        }
    }
}
