package dev.crawlyard.activities.processes;

import dev.crawlyard.workflows.task.ErrorKind;
import java.util.Map;

/**
 * What a spider's non-zero exit means, in words for its task: running out of memory under its
 * limit when its output says so ({@link MemoryExhaustion}), death by a signal, or a plain exit
 * code. What cannot be told apart is said to be uncertain rather than guessed.
 *
 * @param kind    {@link ErrorKind#MEMORY_LIMIT} when the spider ran out of memory under its limit,
 *                else {@link ErrorKind#SPIDER}
 * @param message the task's error message
 */
record ExitReading(ErrorKind kind, String message) {

    private static final Map<Integer, String> SIGNALS = Map.of(
            4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /**
     * @param exitCode         the exit status as Java reports it (128 + the signal for a process a signal ended)
     * @param outOfMemoryLine  a line of the spider's output that says an allocation failed, or null
     * @param memoryLimitBytes the spider's memory limit, 0 for none
     */
    static ExitReading of(int exitCode, String outOfMemoryLine, long memoryLimitBytes) {
        String limit = memoryLimitBytes > 0 ? describe(memoryLimitBytes) : null;
        if (outOfMemoryLine != null) {
            String said = "; it printed: " + abbreviate(outOfMemoryLine);
            return limit != null
                    ? new ExitReading(ErrorKind.MEMORY_LIMIT, "the spider ran out of memory under its memory limit of "
                            + limit + " (memoryLimitMb) and exited with code " + exitCode + said)
                    : new ExitReading(ErrorKind.SPIDER, "the spider ran out of memory and exited with code " + exitCode
                            + said);
        }
        if (exitCode > 128 && exitCode <= 128 + 64) {
            int signal = exitCode - 128;
            String name = SIGNALS.getOrDefault(signal, "signal " + signal);
            String message = "the spider was killed by " + name + " (exit code " + exitCode + ")";
            if (limit != null && signal != 15) {
                message += "; it ran under a memory limit of " + limit + " (memoryLimitMb), and a program that does"
                        + " not check a failed allocation can end this way, but nothing it printed says so";
            } else if (signal == 9) {
                message += ", which the platform did not send; the kernel's out-of-memory killer is one sender";
            }
            return new ExitReading(ErrorKind.SPIDER, message);
        }
        return new ExitReading(ErrorKind.SPIDER, "the spider exited with code " + exitCode);
    }

    private static String describe(long bytes) {
        long mib = 1024L * 1024;
        return bytes % mib == 0 ? bytes / mib + " MB" : bytes + " bytes";
    }

    private static String abbreviate(String line) {
        String stripped = line.strip();
        return stripped.length() > 200 ? stripped.substring(0, 200) + "..." : stripped;
    }
}
