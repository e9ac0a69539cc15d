package dev.crawlyard.activities;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Which users have live processes, read from {@code /proc}. Zombies do not count: they run nothing. */
final class ProcessUsers {

    private static final int HEAD_BYTES = 1024;

    private ProcessUsers() {
    }

    static boolean hasLiveProcess(int uid) {
        return liveUids().contains(uid);
    }

    /** The real uids of every live (not zombie) process on the machine, as far as /proc shows them. */
    static Set<Integer> liveUids() {
        Set<Integer> uids = new HashSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                Integer uid = liveUid(process.resolve("status"));
                if (uid != null) {
                    uids.add(uid);
                }
            }
        } catch (IOException e) {
            // No /proc: nothing can be told, and nothing is killed on its say-so.
        }
        return uids;
    }

    /**
     * The real uid of a live process from its status file, or null for a zombie or a process gone.
     * The State and Uid lines come within the file's first few hundred bytes (after Name, at most 64
     * escaped characters), so only its head is read: this runs over every process after every task.
     */
    private static Integer liveUid(Path status) {
        byte[] head = new byte[HEAD_BYTES];
        int length;
        try (InputStream in = Files.newInputStream(status)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException | RuntimeException e) {
            // The process ended while it was read.
            return null;
        }
        for (String line : new String(head, 0, length, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.startsWith("State:") && line.contains("Z")) {
                return null;
            }
            if (line.startsWith("Uid:")) {
                // State comes before Uid: nothing after it matters.
                try {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
