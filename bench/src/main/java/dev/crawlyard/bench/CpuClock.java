package dev.crawlyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The time this JVM's JIT compilers have spent compiling, as the JVM counts it. */
    static double compilationMillis() {
        var compilation = java.lang.management.ManagementFactory.getCompilationMXBean();
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
