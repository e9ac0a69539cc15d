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
    private static final byte[] STATE = "State:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UID = "Uid:".getBytes(StandardCharsets.US_ASCII);

    private ProcessUsers() {
    }

    /** Whether a live (not zombie) process of the user is on the machine; stops at the first found. */
    static boolean hasLiveProcess(int uid) {
        return !scan(uid, null);
    }

    /** The real uids of every live (not zombie) process on the machine, as far as /proc shows them. */
    static Set<Integer> liveUids() {
        Set<Integer> uids = new HashSet<>();
        scan(-1, uids);
        return uids;
    }

    /** Adds live processes' uids to {@code uids} (if not null); false as soon as one is {@code wanted}. */
    private static boolean scan(int wanted, Set<Integer> uids) {
        byte[] head = new byte[HEAD_BYTES];
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                int uid = liveUid(process.resolve("status"), head);
                if (uid >= 0) {
                    if (uid == wanted) {
                        return false;
                    }
                    if (uids != null) {
                        uids.add(uid);
                    }
                }
            }
        } catch (IOException e) {
            // No /proc: nothing can be told, and nothing is killed on its say-so.
        }
        return true;
    }

    /**
     * The real uid of a live process from its status file, or -1 for a zombie or a process gone.
     * The State and Uid lines come within the file's first few hundred bytes (after Name, at most 64
     * escaped characters), so only its head is read, and read as bytes: this runs over every process
     * after every task.
     */
    static int liveUid(Path status, byte[] head) {
        int length;
        try (InputStream in = Files.newInputStream(status)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException | RuntimeException e) {
            // The process ended while it was read.
            return -1;
        }
        int state = lineAfter(head, length, STATE);
        if (state < 0) {
            return -1;
        }
        for (int i = state; i < length && head[i] != '\n'; i++) {
            if (head[i] == 'Z') {
                return -1;
            }
        }
        // State comes before Uid: the real uid is the first number after "Uid:".
        int at = lineAfter(head, length, UID);
        if (at < 0) {
            return -1;
        }
        while (at < length && (head[at] == ' ' || head[at] == '\t')) {
            at++;
        }
        long uid = 0;
        int digits = 0;
        while (at < length && head[at] >= '0' && head[at] <= '9' && digits < 10) {
            uid = uid * 10 + (head[at++] - '0');
            digits++;
        }
        return digits == 0 || uid > Integer.MAX_VALUE ? -1 : (int) uid;
    }

    /** Where the text after {@code key} starts on the line that begins with it, or -1. */
    private static int lineAfter(byte[] bytes, int length, byte[] key) {
        for (int line = 0; line < length; ) {
            if (startsWith(bytes, line, length, key)) {
                return line + key.length;
            }
            while (line < length && bytes[line] != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int at, int length, byte[] key) {
        if (at + key.length > length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (bytes[at + i] != key[i]) {
                return false;
            }
        }
        return true;
    }
}
