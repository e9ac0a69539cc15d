package dev.crawlyard.activities.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An install's log over the real database: lines stored in the background while the install runs
 * or waits, and by the final flush, each once and in order, and nothing after the log is closed.
 */
class InstallLogTest {

    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());
    /** A task of its own for each test (the log's table has no foreign key to tasks). */
    private final long taskId = 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);

    @Test
    void aFloodOfLinesIsStoredOnceEachAndInOrder() {
        try (InstallLog log = new InstallLog(logs, taskId, 1)) {
            for (int i = 0; i < 20_000; i++) {
                log.line("line " + i);
            }
        }

        List<LogLine> stored = stored();
        assertThat(stored).extracting(LogLine::seq).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 20_000).mapToObj(Long::valueOf).toList());
        assertThat(stored).extracting(LogLine::line).containsExactlyElementsOf(
                IntStream.range(0, 20_000).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void aLineBeforeASilenceIsStoredDuringItWhenTheWaitAsks() throws Exception {
        try (InstallLog log = new InstallLog(logs, taskId, 1)) {
            // Within a batch's time of the log's start: it waits for the next store.
            log.line("waiting for another task");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stored().isEmpty()) {
                assertThat(System.nanoTime()).as("stored while the install waits").isLessThan(deadline);
                log.flushIfDue();
                Thread.sleep(200);
            }
        }
        assertThat(stored()).extracting(LogLine::line).containsExactly("waiting for another task");
    }

    @Test
    void nothingIsAddedOnceTheLogIsClosed() throws Exception {
        InstallLog log = new InstallLog(logs, taskId, 1);
        log.line("during the install");
        log.close();

        log.line("after its end");
        Thread.sleep(300);
        // Due now: were the line taken, this would store it in the background.
        log.flushIfDue();
        Thread.sleep(500);

        assertThat(stored()).extracting(LogLine::line).containsExactly("during the install");
    }

    private List<LogLine> stored() {
        return logs.page(taskId, 0, 50_000);
    }
}
