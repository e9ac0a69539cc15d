package dev.crawlyard.activities.dependencies;

import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.processes.ProcessGroup;
import dev.crawlyard.activities.processes.ProcessLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One command of an install, run in a process group of its own with its output (stdout and
 * stderr together) going to the task's log, and killed with everything it started if it takes
 * too long.
 */
final class InstallProcess {

    /** How long an install's children may hold its output open after it exits. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    /** The command did not end within its time. */
    static final class TimedOut extends Exception {
        TimedOut(String message) {
            super(message);
        }
    }

    /** The node began to stop: the command was killed (or not started), and the install is given up. */
    static final class Stopped extends Exception {
        Stopped(String message) {
            super(message);
        }
    }

    /** How often a running command looks whether its node is stopping. */
    private static final long STOP_LOOK_MILLIS = 200;

    private InstallProcess() {
    }

    /**
     * Runs {@code argv} as the runner's user and returns its exit code; kills it (with everything it
     * started) within a moment of {@code stopping} turning true.
     */
    static int run(List<String> argv, Runner runner, Path directory, Map<String, String> env, Duration timeLeft,
            BooleanSupplier stopping, InstallLog log, ProcessLedger ledger)
            throws IOException, TimedOut, Stopped, InterruptedException {
        String shown = "'" + String.join(" ", argv) + "'";
        if (stopping.getAsBoolean()) {
            throw new Stopped(shown + " was not started: the node is stopping");
        }
        log.line("$ " + String.join(" ", argv));
        ProcessGroup group = ProcessGroup.start(runner.command(argv), directory, env, true, ledger);
        Process process = group.process();
        process.getOutputStream().close();
        Thread reader = Thread.ofVirtual().start(() -> copyLines(process.getInputStream(), log));
        try {
            long deadline = System.nanoTime() + Math.max(0, timeLeft.toNanos());
            while (!process.waitFor(Math.min(STOP_LOOK_MILLIS,
                    Math.max(0, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                if (stopping.getAsBoolean()) {
                    group.kill();
                    throw new Stopped(shown + " was killed: the node is stopping");
                }
                if (System.nanoTime() >= deadline) {
                    group.kill();
                    throw new TimedOut(shown + " was still running after the install timeout");
                }
                log.flushIfDue();
            }
            if (!reader.join(DRAIN) || group.isAlive()) {
                // Something it started still holds its output; an install's processes do not outlive it.
                group.kill();
            }
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                // Interrupted while it ran: it does not outlive the step either.
                group.kill();
            }
            group.close();
            process.getInputStream().close();
            reader.join(DRAIN);
        }
    }

    /** Splits the output into lines, cutting a line that never ends into pieces. */
    private static void copyLines(InputStream output, InstallLog log) {
        try (Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            int read;
            while ((read = reader.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    char c = buffer[i];
                    if (c == '\n' || c == '\r') {
                        if (!line.isEmpty()) {
                            log.line(line.toString());
                            line.setLength(0);
                        }
                    } else {
                        line.append(c);
                        if (line.length() >= InstallLog.MAX_LINE_LENGTH) {
                            log.line(line.toString());
                            line.setLength(0);
                        }
                    }
                }
            }
            if (!line.isEmpty()) {
                log.line(line.toString());
            }
        } catch (IOException e) {
            // The stream was closed because the install was killed; what was read is logged.
        }
    }
}
