package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's process table, read from /proc. A zombie counts as not running: an orphan reparented
 * to an init that does not reap (as in some containers and sandboxes) stays a zombie for ever,
 * but it runs nothing and holds nothing but its pid.
 */
public final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {
    }

    /** Whether /proc can be read here. */
    public static boolean available() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** Whether the process exists and is not a zombie. */
    public static boolean isRunning(long pid) {
        Stat stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return stat != null && stat.running();
    }

    /**
     * When the process started, in clock ticks after boot (field 22 of /proc/pid/stat), or -1 if
     * it does not exist. With the boot, this tells a process from a later one that got its pid.
     */
    public static long startTicks(long pid) {
        Stat stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return stat == null ? -1 : stat.startTicks();
    }

    /** This boot's id (/proc/sys/kernel/random/boot_id), or "" where the kernel does not say. */
    public static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether any process of the process group {@code groupId} exists and is not a zombie. */
    public static boolean groupHasRunning(long groupId) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                Stat stat = read(entry.resolve("stat"));
                if (stat != null && stat.group() == groupId && stat.running()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("could not list " + PROC, e);
        }
    }

    private record Stat(char state, long group, long startTicks) {
        boolean running() {
            return state != 'Z' && state != 'X';
        }
    }

    /** Parses "pid (comm) state ppid pgrp ..."; comm may itself hold spaces and parentheses. */
    private static Stat read(Path stat) {
        String line;
        try {
            line = Files.readString(stat, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // The process ended while it was being looked at.
        }
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return null;
        }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime priority nice threads itrealvalue starttime ...
        String[] fields = line.substring(close + 2).split(" ", 21);
        if (fields.length < 20 || fields[0].isEmpty()) {
            return null;
        }
        try {
            return new Stat(fields[0].charAt(0), Long.parseLong(fields[2]), Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
