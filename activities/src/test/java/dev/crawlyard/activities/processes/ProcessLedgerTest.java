package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of a node's process groups, read by the node's next life: it stops the groups it
 * finds still running, and never a process that merely got a recorded pid again, nor anything
 * recorded before the machine last booted. Real processes, each in a session of its own.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ProcessLedgerTest {

    @TempDir
    Path directory;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftOvers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aRecordedGroupThatStillRunsIsStoppedWithItsChildrenAndItsRecordRemoved() throws Exception {
        ProcessLedger ledger = new ProcessLedger(directory);
        Process leader = session("sleep 300 & sleep 300 & wait");
        ledger.record(leader.pid());
        assertThat(directory).isNotEmptyDirectory();

        int stopped = ledger.stopLeftovers(Duration.ofSeconds(2));

        assertThat(stopped).isEqualTo(1);
        assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(groupGoneWithin(leader.pid(), Duration.ofSeconds(10))).isTrue();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aGroupThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        ProcessLedger ledger = new ProcessLedger(directory);
        Process leader = session("trap '' TERM; while true; do sleep 1; done");
        ledger.record(leader.pid());

        ledger.stopLeftovers(Duration.ofMillis(500));

        assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(groupGoneWithin(leader.pid(), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aProcessThatGotARecordedPidAgainOrARecordFromAnotherBootIsLeftAlone() throws Exception {
        ProcessLedger ledger = new ProcessLedger(directory);
        Process recycled = session("sleep 300");
        Process otherBoot = session("sleep 300");
        long ticks = ProcessTable.startTicks(recycled.pid());
        // As if the pid had been a group's that started earlier, and ended.
        Files.writeString(directory.resolve(recycled.pid() + "-" + (ticks - 100)), ProcessTable.bootId() + "\n");
        Files.writeString(directory.resolve(otherBoot.pid() + "-" + ProcessTable.startTicks(otherBoot.pid())),
                "another-boot\n");

        int stopped = ledger.stopLeftovers(Duration.ofSeconds(1));

        assertThat(stopped).isZero();
        assertThat(recycled.isAlive()).isTrue();
        assertThat(otherBoot.isAlive()).isTrue();
        assertThat(directory).isEmptyDirectory();
    }

    private Process session(String script) throws IOException {
        Process process = new ProcessBuilder("setsid", "/bin/sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(process);
        // setsid execs sh directly, so the pid is the session's and the group's.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ProcessTable.groupHasRunning(process.pid()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return process;
    }

    /** A killed process takes a moment to leave /proc on a busy machine: whether the group is gone by then. */
    private static boolean groupGoneWithin(long pgid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessTable.groupHasRunning(pgid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
