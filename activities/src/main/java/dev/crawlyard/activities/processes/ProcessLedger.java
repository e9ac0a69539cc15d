package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process groups a node has started and not yet seen end, one file each in
 * {@code <work-dir>/processes}, named {@code <group id>-<start ticks>} and holding the boot id.
 * The group id with the leader's start time (in clock ticks after boot) names a group exactly:
 * a later process that is given the same pid starts later. A node that died leaves its records
 * behind; its watchdog ({@link NodeWatchdog}) or the node's next start ({@link #stopLeftovers})
 * reads them and stops those groups.
 */
public final class ProcessLedger {

    private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);

    private final Path directory;

    public ProcessLedger(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** A recorded group. */
    record Entry(long groupId, long startTicks) {

        String fileName() {
            return groupId + "-" + startTicks;
        }
    }

    /** Records a group whose leader is {@code groupId}; nothing is written if the leader is already gone. */
    Entry record(long groupId) throws IOException {
        long started = ProcessTable.available() ? ProcessTable.startTicks(groupId) : -1;
        Entry entry = new Entry(groupId, started);
        if (started >= 0) {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(entry.fileName()), ProcessTable.bootId() + "\n", StandardCharsets.US_ASCII);
        }
        return entry;
    }

    /** Forgets a group that has ended. */
    void forget(Entry entry) {
        try {
            Files.deleteIfExists(directory.resolve(entry.fileName()));
        } catch (IOException e) {
            log.warn("could not remove the process record {}: {}", entry.fileName(), e.getMessage());
        }
    }

    /**
     * Stops every recorded group that still runs, as a node starting up does with what its
     * previous life left: SIGTERM, then after {@code grace} SIGKILL; and removes the records.
     * A record from another boot, or whose group id now belongs to a process that started later
     * (the pid was used again), is removed without a signal.
     *
     * @return how many groups were signalled
     */
    public int stopLeftovers(Duration grace) {
        if (!ProcessTable.available() || !Files.isDirectory(directory)) {
            return 0;
        }
        String boot = ProcessTable.bootId();
        List<Path> records = new ArrayList<>();
        List<Long> signalled = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*-*")) {
            for (Path record : files) {
                records.add(record);
                Entry entry = parse(record.getFileName().toString());
                if (entry != null && boot.equals(readBoot(record)) && stillOurs(entry)
                        && ProcessTable.groupHasRunning(entry.groupId())) {
                    log.warn("process group {} was left running by this node's previous life; stopping it",
                            entry.groupId());
                    signal("TERM", entry.groupId());
                    signalled.add(entry.groupId());
                }
            }
        } catch (IOException e) {
            log.warn("could not read the process records in {}: {}", directory, e.getMessage());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (long group : signalled) {
            while (ProcessTable.groupHasRunning(group) && System.nanoTime() < deadline) {
                sleep(50);
            }
            if (ProcessTable.groupHasRunning(group)) {
                signal("KILL", group);
            }
        }
        for (Path record : records) {
            try {
                Files.deleteIfExists(record);
            } catch (IOException e) {
                log.warn("could not remove the process record {}: {}", record, e.getMessage());
            }
        }
        return signalled.size();
    }

    /**
     * Whether the group id still names the recorded group: its leader is the recorded process, or
     * the leader is gone and members remain (Linux gives out no pid that is still a group's id).
     */
    private static boolean stillOurs(Entry entry) {
        long leaderStart = ProcessTable.startTicks(entry.groupId());
        return leaderStart < 0 || leaderStart == entry.startTicks();
    }

    static Entry parse(String fileName) {
        int dash = fileName.indexOf('-');
        try {
            return new Entry(Long.parseLong(fileName.substring(0, dash)), Long.parseLong(fileName.substring(dash + 1)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String readBoot(Path record) {
        try {
            return Files.readString(record, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(String signal, long group) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + group)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("could not run kill(1): {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
