package dev.crawlyard.activities;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unprivileged users that spiders run as when the node runs as root: one per runner slot, so
 * that a spider can read neither the platform's files nor the node's memory and environment, nor
 * another task's workspace.
 *
 * <p>They are plain numeric uids with no passwd entry (nothing is added to the system): the
 * process is switched to one with {@code setpriv --reuid --regid --clear-groups --no-new-privs},
 * so it has no supplementary groups, no capabilities and cannot gain privileges through a setuid
 * program. Each node takes a block of {@link #BLOCK_SIZE} uids of its own, held by a file lock
 * for the node's lifetime, so that nodes on one machine (several JVMs, or several nodes in one
 * JVM) never share a uid: a uid's processes all belong to the one task holding its slot, which lets
 * the node kill every one of them when the task ends, even those that left its process group.
 */
public final class RunnerUsers implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(RunnerUsers.class);

    /** Uids per node: the most spiders one node runs as users of their own at once. */
    public static final int BLOCK_SIZE = 100;
    /** The default first uid: clear of Debian's and systemd's ranges, and below the subuid ranges (100000+). */
    public static final int DEFAULT_UID_BASE = 70000;
    private static final int MAX_BLOCKS = 300;
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private final String setpriv;
    private final int firstUid;
    private final String inactiveReason;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunnerUsers(String setpriv, int firstUid, String inactiveReason, FileChannel lockChannel, FileLock lock) {
        this.setpriv = setpriv;
        this.firstUid = firstUid;
        this.inactiveReason = inactiveReason;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Spiders run as the node's own user, for {@code reason}. */
    public static RunnerUsers inactive(String reason) {
        return new RunnerUsers(null, -1, reason, null, null);
    }

    /**
     * Runner users if this node can have them: it runs as root, setpriv is there, a block of uids
     * from {@code uidBase} is free and switching to it works. Otherwise inactive, saying why.
     */
    public static RunnerUsers detect(boolean wanted, int uidBase) {
        if (!wanted) {
            return inactive("crawlyard.node.isolate-spiders is off");
        }
        if (currentUid() != 0) {
            return inactive("the node does not run as root, so it cannot switch spiders to other users");
        }
        Optional<Path> setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst();
        if (setpriv.isEmpty()) {
            return inactive("setpriv(1) (util-linux) is missing");
        }
        Path lockDirectory = lockDirectory();
        for (int block = 0; block < MAX_BLOCKS; block++) {
            int first = uidBase + block * BLOCK_SIZE;
            Optional<RunnerUsers> users = tryBlock(setpriv.get().toString(), lockDirectory, first);
            if (users.isPresent()) {
                return users.get();
            }
        }
        return inactive("no free block of " + BLOCK_SIZE + " uids from " + uidBase + " (" + MAX_BLOCKS
                + " nodes on this machine?)");
    }

    private static Optional<RunnerUsers> tryBlock(String setpriv, Path lockDirectory, int first) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockDirectory.resolve("uids-" + first + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            RunnerUsers users = new RunnerUsers(setpriv, first, null, channel, lock);
            String taken = users.takenId();
            if (taken != null) {
                log.info("not using runner uids {}-{}: {}", first, first + BLOCK_SIZE - 1, taken);
                users.close();
                return Optional.empty();
            }
            Run probe = run(users.asUser(0, List.of("/bin/true")));
            if (probe.exitCode() != 0) {
                users.close();
                return Optional.of(inactive("setpriv could not switch to uid " + first + ": " + probe.output().strip()));
            }
            // A node that died may have left spiders running as these users.
            for (int uid : ProcessUsers.liveUids()) {
                if (uid >= first && uid < first + BLOCK_SIZE) {
                    users.killAll(uid - first);
                }
            }
            return Optional.of(users);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not take a block of runner uids in " + lockDirectory, e);
        }
    }

    /** Which of the block's ids has a passwd or group entry, or null if none has. */
    private String takenId() throws IOException {
        for (Path file : List.of(Path.of("/etc/passwd"), Path.of("/etc/group"))) {
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].matches("\\d{1,10}")) {
                    long id = Long.parseLong(fields[2]);
                    if (id >= firstUid && id < firstUid + BLOCK_SIZE) {
                        return "id " + id + " is taken in " + file + " by '" + fields[0] + "'";
                    }
                }
            }
        }
        return null;
    }

    /** Whether spiders run as runner users. */
    public boolean active() {
        return inactiveReason == null;
    }

    /** For the node's start-up log. */
    public String describe() {
        return active()
                ? "spiders run as unprivileged users, one per runner slot: uids " + firstUid + "-"
                        + (firstUid + BLOCK_SIZE - 1) + " (setpriv, no groups, no new privileges)"
                : "spiders run as the node's own user: " + inactiveReason;
    }

    /** The uid of runner slot {@code slot}. */
    public int uid(int slot) {
        requireActive();
        if (slot < 0 || slot >= BLOCK_SIZE) {
            throw new IllegalArgumentException("runner slot " + slot + " is outside 0.." + (BLOCK_SIZE - 1));
        }
        return firstUid + slot;
    }

    /** The name a spider in slot {@code slot} sees as its user ({@code USER}, {@code LOGNAME}). */
    public String userName(int slot) {
        return "crawlyard-r" + slot;
    }

    /** {@code argv} run as the slot's user; unchanged when runner users are inactive. */
    public List<String> asUser(int slot, List<String> argv) {
        if (!active()) {
            return argv;
        }
        String id = Integer.toString(uid(slot));
        List<String> wrapped = new ArrayList<>(List.of(setpriv, "--reuid=" + id, "--regid=" + id, "--clear-groups",
                "--no-new-privs", "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** Gives {@code path} (and, if {@code recursive}, everything under it) to the slot's user. */
    public void give(Path path, int slot, boolean recursive) throws IOException {
        if (!active()) {
            return;
        }
        int uid = uid(slot);
        if (recursive) {
            try (var paths = Files.walk(path)) {
                for (Path each : (Iterable<Path>) paths::iterator) {
                    chown(each, uid);
                }
            }
        } else {
            chown(path, uid);
        }
    }

    /**
     * Takes {@code directory} back from the runner user (root-owned, mode 0700), so that nothing
     * under it can be reached by the next spider to run as that user.
     */
    public void takeBack(Path directory) throws IOException {
        if (!active() || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        chown(directory, 0);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Makes what a runner user built (a dependency environment) the node's and read-only for
     * everyone: owned by root, directories 0755, files 0644 or 0755, no setuid or setgid bits.
     */
    public void seal(Path directory) throws IOException {
        if (!active()) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path each : (Iterable<Path>) paths::iterator) {
                chown(each, 0);
                if (Files.isSymbolicLink(each)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(each, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                boolean executable = Files.isDirectory(each, LinkOption.NOFOLLOW_LINKS) || (mode & 0100) != 0;
                Files.setAttribute(each, "unix:mode", executable ? 0755 : 0644, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * Kills every process of the slot's user, waiting (at most 5 s) until none is left but
     * zombies. The slot belongs to one task at a time, so these are all that task's processes,
     * including any that left its process group.
     */
    public void killAll(int slot) {
        if (!active() || !ProcessUsers.hasLiveProcess(uid(slot))) {
            return;
        }
        // kill(-1) from the runner user itself reaches exactly that user's processes.
        Run kill = run(asUser(slot, List.of("kill", "-KILL", "-1")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessUsers.hasLiveProcess(uid(slot)) && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (ProcessUsers.hasLiveProcess(uid(slot))) {
            log.warn("processes of runner uid {} survived SIGKILL: {}", uid(slot), kill.output().strip());
        }
    }

    private static void chown(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    private void requireActive() {
        if (!active()) {
            throw new IllegalStateException("runner users are inactive: " + inactiveReason);
        }
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
        }
        closeQuietly(lockChannel);
    }

    /** The node's effective uid, as the owner of {@code /proc/self}; -1 if that cannot be read. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** A root-only directory shared by every node on the machine for the uid blocks' locks. */
    private static Path lockDirectory() {
        Path parent = Files.isDirectory(Path.of("/run")) && Files.isWritable(Path.of("/run"))
                ? Path.of("/run") : Path.of(System.getProperty("java.io.tmpdir"));
        Path directory = parent.resolve("crawlyard-runner-uids");
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // In a shared /tmp, someone else may have made it first to deny us the locks.
            if ((Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS) != 0) {
                throw new IllegalStateException(directory + " is not owned by root; remove it");
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + directory, e);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, "timed out: " + output);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing: {}", e.getMessage());
        }
    }
}
