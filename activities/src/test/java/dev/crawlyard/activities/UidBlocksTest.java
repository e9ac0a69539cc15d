package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocks of runner uids as other processes on the machine see them: a block held by one node of
 * this JVM stays locked against every other process while more nodes of the JVM take theirs.
 * Another process is the judge, since a JVM cannot see its own fcntl locks fail.
 */
class UidBlocksTest {

    /** Far from the nodes' default base, so that nodes running on this machine are not in the way. */
    private static final int BASE = 79000;
    private static final int SIZE = 10;

    private final List<UidBlocks.Held> held = new ArrayList<>();

    @AfterEach
    void release() throws IOException {
        for (UidBlocks.Held block : held) {
            block.close();
        }
    }

    @Test
    void aSecondNodeInTheJvmTakesTheNextBlockAndTheFirstStaysLockedForOtherProcesses() throws Exception {
        UidBlocks.Held first = take();
        assertThat(lockedElsewhere(first)).as("held by this JVM").isTrue();

        UidBlocks.Held second = take();

        assertThat(second.firstUid()).isNotEqualTo(first.firstUid());
        assertThat(lockedElsewhere(first)).as("the first block after the second node looked at it").isTrue();
        assertThat(lockedElsewhere(second)).isTrue();
    }

    @Test
    void aBlockGivenBackIsFreeForOtherProcessesAndTakenAgainHere() throws Exception {
        UidBlocks.Held first = take();
        held.remove(first);
        first.close();

        assertThat(lockedElsewhere(first)).isFalse();
        assertThat(take().firstUid()).isEqualTo(first.firstUid());
    }

    private UidBlocks.Held take() {
        Optional<UidBlocks.Held> block = UidBlocks.take(BASE, SIZE, 5);
        assertThat(block).as("a free block of uids from " + BASE).isPresent();
        held.add(block.get());
        return block.get();
    }

    /** Whether another process fails to take the block's fcntl lock. */
    private static boolean lockedElsewhere(UidBlocks.Held block) throws Exception {
        Path file = UidBlocks.lockDirectory().resolve("uids-" + block.firstUid() + ".lock");
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c",
                "import fcntl, sys\n"
                        + "f = open(sys.argv[1], 'a')\n"
                        + "try:\n"
                        + "    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
                        + "except OSError:\n"
                        + "    sys.exit(3)\n",
                file.toString()).redirectErrorStream(true).start();
        assertThat(probe.waitFor(20, TimeUnit.SECONDS)).as("the lock probe ended").isTrue();
        String output = new String(probe.getInputStream().readAllBytes());
        assertThat(probe.exitValue()).as(output).isIn(0, 3);
        return probe.exitValue() == 3;
    }
}
