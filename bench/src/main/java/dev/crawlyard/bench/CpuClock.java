package dev.crawlyard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Processor time spent so far, from /proc, in milliseconds: by this JVM (the platform runs in it)
 * with the children it has waited for (the spiders' processes), and by the PostgreSQL server's
 * processes (the postmaster with the backends it has reaped, and the live backends). Linux only;
 * NaN elsewhere. The clock tick is taken as 100 Hz, Linux's USER_HZ.
 */
final class CpuClock {

    private static final double MILLIS_PER_TICK = 10;

    private CpuClock() {
    }

    /** This JVM's user and system time, with its reaped children's. */
    static double jvmMillis() {
        long[] fields = fields(Path.of("/proc/self/stat"));
        return fields == null ? Double.NaN : (fields[0] + fields[1] + fields[2] + fields[3]) * MILLIS_PER_TICK;
    }

    /** The time of this JVM's children it has waited for: the spiders' processes. */
    static double childrenMillis() {
        long[] fields = fields(Path.of("/proc/self/stat"));
        return fields == null ? Double.NaN : (fields[2] + fields[3]) * MILLIS_PER_TICK;
    }

    /**
     * The processor time of this JVM's live Java threads so far, summed by name with the numbers
     * taken out ({@code http-nio-8080-exec-3} counts as {@code http-nio-N-exec-N}). The JIT's and the
     * garbage collector's threads are not Java threads and are not here; nor are virtual threads
     * apart from their carriers.
     */
    static Map<String, Double> threadGroupMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return groups;
        }
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos > 0) {
                groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), nanos / 1e6, Double::sum);
            }
        }
        return groups;
    }

    /** The time this JVM's JIT compilers have spent compiling, as the JVM counts it. */
    static double compilationMillis() {
        var compilation = ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation.getTotalCompilationTime() : Double.NaN;
    }

    /** The PostgreSQL processes' time: each process's own, and the postmaster's reaped children's. */
    static double postgresMillis() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToDouble(CpuClock::postgresTime).sum();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double postgresTime(Path process) {
        try {
            if (!Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                return 0;
            }
        } catch (IOException e) {
            return 0;
        }
        long[] fields = fields(process.resolve("stat"));
        // Only the postmaster's reaped children are its backends; a backend's own children are none.
        return fields == null ? 0 : (fields[0] + fields[1] + fields[2] + fields[3]) * MILLIS_PER_TICK;
    }

    /** utime, stime, cutime, cstime of a stat file, or null. */
    private static long[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            // The command may hold spaces and parentheses: the fields start after its last ')'.
            String[] after = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // after[0] is field 3 (state); utime is field 14.
            return new long[] {Long.parseLong(after[11]), Long.parseLong(after[12]), Long.parseLong(after[13]),
                    Long.parseLong(after[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
