package dev.crawlyard.activities;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Which users have live processes, read from {@code /proc}. Zombies do not count: they run nothing. */
final class ProcessUsers {

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

    private static Integer liveUid(Path status) {
        try {
            Integer uid = null;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("State:") && line.contains("Z")) {
                    return null;
                }
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
            return uid;
        } catch (IOException | RuntimeException e) {
            // The process ended while it was read.
            return null;
        }
    }
}
