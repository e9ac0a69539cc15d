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

    private InstallProcess() {
    }

    /** Runs {@code argv} as the runner's user and returns its exit code. */
    static int run(List<String> argv, Runner runner, Path directory, Map<String, String> env, Duration timeLeft,
            InstallLog log, ProcessLedger ledger) throws IOException, TimedOut, InterruptedException {
        log.line("$ " + String.join(" ", argv));
        ProcessGroup group = ProcessGroup.start(runner.command(argv), directory, env, true, ledger);
        Process process = group.process();
        process.getOutputStream().close();
        Thread reader = Thread.ofVirtual().start(() -> copyLines(process.getInputStream(), log));
        try {
            if (!process.waitFor(Math.max(0, timeLeft.toMillis()), TimeUnit.MILLISECONDS)) {
                group.kill();
                throw new TimedOut("'" + String.join(" ", argv) + "' was still running after the install timeout");
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
