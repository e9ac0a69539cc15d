package dev.crawlyard.activities;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * JVM) never share a uid (see {@link UidBlocks}): a uid's processes all belong to the one task holding its slot, which lets
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
    private final UidBlocks.Held block;

    private RunnerUsers(String setpriv, UidBlocks.Held block, String inactiveReason) {
        this.setpriv = setpriv;
        this.block = block;
        this.firstUid = block == null ? -1 : block.firstUid();
        this.inactiveReason = inactiveReason;
    }

    /** Spiders run as the node's own user, for {@code reason}. */
    public static RunnerUsers inactive(String reason) {
        return new RunnerUsers(null, null, reason);
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
        Optional<UidBlocks.Held> block = UidBlocks.take(uidBase, BLOCK_SIZE, MAX_BLOCKS);
        if (block.isEmpty()) {
            return inactive("no free block of " + BLOCK_SIZE + " uids from " + uidBase + " (" + MAX_BLOCKS
                    + " nodes on this machine?)");
        }
        RunnerUsers users = new RunnerUsers(setpriv.get().toString(), block.get(), null);
        Run probe = run(users.asUser(0, List.of("/bin/true")));
        if (probe.exitCode() != 0) {
            closeQuietly(users);
            return inactive("setpriv could not switch to uid " + users.firstUid + ": " + probe.output().strip());
        }
        return users;
    }

    /**
     * Kills whatever still runs as these users: what a node that died left, once its process
     * groups on record had their graceful stop (a spider that left its group is found only here).
     *
     * @return how many runner users had processes
     */
    public int killLeftovers() {
        if (!active()) {
            return 0;
        }
        int users = 0;
        for (int uid : ProcessUsers.liveUids()) {
            if (uid >= firstUid && uid < firstUid + BLOCK_SIZE) {
                killAll(uid - firstUid);
                users++;
            }
        }
        return users;
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
     *
     * @return whether none is left
     */
    public boolean killAll(int slot) {
        if (!active() || !ProcessUsers.hasLiveProcess(uid(slot))) {
            return true;
        }
        // kill(-1) from the runner user itself reaches exactly that user's processes.
        Run kill = run(asUser(slot, List.of("kill", "-KILL", "-1")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessUsers.hasLiveProcess(uid(slot)) && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (ProcessUsers.hasLiveProcess(uid(slot))) {
            log.warn("processes of runner uid {} survived SIGKILL: {}", uid(slot), kill.output().strip());
            return false;
        }
        return true;
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
        if (block != null) {
            block.close();
        }
    }

    /** The node's effective uid, as the owner of {@code /proc/self}; -1 if that cannot be read. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
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
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing: {}", e.getMessage());
        }
    }
}
