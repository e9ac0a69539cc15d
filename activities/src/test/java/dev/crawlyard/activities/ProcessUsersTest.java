package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan that decides whether a runner's user has processes left after its task: a live process
 * of the user counts, a zombie of it does not, and the process table is read from real processes.
 */
@Timeout(30)
class ProcessUsersTest {

    /** A uid no account and no other test uses. */
    private static final int UID = 3_917_203;

    @Test
    void aLiveProcessOfTheUserCountsAndItsZombieDoesNot() throws Exception {
        assumeTrue(RunnerUsers.currentUid() == 0, "only root can start processes as another uid");
        assertThat(ProcessUsers.hasLiveProcess(UID)).isFalse();

        Process live = asUser("exec sleep 20");
        try {
            awaitLive(true);
            assertThat(ProcessUsers.liveUids()).contains(UID, 0);
        } finally {
            live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        awaitLive(false);

        // The user's process exits at once; its parent, root's sleep, never reaps it: a zombie of the user.
        Process parent = new ProcessBuilder("/bin/sh", "-c",
                "setpriv --reuid=" + UID + " --regid=" + UID + " --clear-groups true & exec sleep 20").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parent.children().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // The child is listed (as a zombie) until its parent goes.
            assertThat(parent.children().findAny()).isPresent();
            awaitLive(false);
        } finally {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRealUidIsReadFromTheStatusLinesAndNotFromTheName(@TempDir Path dir) throws Exception {
        byte[] head = new byte[1024];
        Path sleeping = Files.writeString(dir.resolve("sleeping"),
                "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t7\nUid:\t1000\t0\t0\t0\nGid:\t5\n");
        // A process names itself (up to 15 bytes, newlines escaped by the kernel): it must not pass for another.
        Path named = Files.writeString(dir.resolve("named"),
                "Name:\tZUid:\t0 Z\nState:\tR (running)\nUid:\t42\t42\t42\t42\n");
        Path zombie = Files.writeString(dir.resolve("zombie"), "Name:\tx\nState:\tZ (zombie)\nUid:\t42\t42\t42\t42\n");
        Path noUid = Files.writeString(dir.resolve("no-uid"), "Name:\tx\nState:\tS (sleeping)\n" + "Pad:\tx\n".repeat(200)
                + "Uid:\t42\n");

        assertThat(ProcessUsers.liveUid(sleeping, head)).isEqualTo(1000);
        assertThat(ProcessUsers.liveUid(named, head)).isEqualTo(42);
        assertThat(ProcessUsers.liveUid(zombie, head)).isEqualTo(-1);
        assertThat(ProcessUsers.liveUid(noUid, head)).isEqualTo(-1);
        assertThat(ProcessUsers.liveUid(dir.resolve("gone"), head)).isEqualTo(-1);
        assertThat(ProcessUsers.liveUid(Path.of("/proc/self/status"), head)).isEqualTo(RunnerUsers.currentUid());
    }

    private static Process asUser(String script) throws Exception {
        return new ProcessBuilder("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "/bin/sh", "-c",
                script).start();
    }

    private static void awaitLive(boolean live) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessUsers.hasLiveProcess(UID) != live && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessUsers.hasLiveProcess(UID)).isEqualTo(live);
    }
}
