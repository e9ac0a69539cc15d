package dev.crawlyard.store.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.tasks.Task;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskLogStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());

    @Test
    void aBatchWrittenTwiceIsStoredOnce() {
        Task task = rows.pendingTask(rows.spider("true"));
        List<LogLine> batch = List.of(
                new LogLine(1, Instant.now(), LogStream.STDOUT, "one"),
                new LogLine(2, Instant.now(), LogStream.STDERR, "two"));

        logs.append(task.id(), 1, batch);
        logs.append(task.id(), 1, batch);

        assertThat(logs.count(task.id())).isEqualTo(2);
    }

    @Test
    void pagesFollowTheSequenceAndKeepTheText() {
        Task task = rows.pendingTask(rows.spider("true"));
        logs.append(task.id(), 1, List.of(
                new LogLine(1, Instant.now(), LogStream.STDOUT, "a"),
                new LogLine(2, Instant.now(), LogStream.STDOUT, "b\u0000c"),
                new LogLine(3, Instant.now(), LogStream.STDERR, "ünïcødé")));

        List<LogLine> first = logs.page(task.id(), 0, 2);
        List<LogLine> rest = logs.page(task.id(), first.getLast().seq(), 10);

        assertThat(first).extracting(LogLine::line).containsExactly("a", "b\uFFFDc");
        assertThat(rest).extracting(LogLine::line).containsExactly("ünïcødé");
        assertThat(rest.getFirst().stream()).isEqualTo(LogStream.STDERR);
        assertThat(logs.page(task.id(), 3, 10)).isEmpty();
    }
}
