package dev.crawlyard.store.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
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

    @Test
    void textThatCopyWouldReadAsSyntaxIsStoredAsPrinted() {
        Task task = rows.pendingTask(rows.spider("true"));
        List<String> texts = List.of("tab\there", "back\\slash \\N", "carriage\rreturn", "new\nline",
                "\\.", "", "ünïcødé ✓ 🕷", "\u001b[31mred\u001b[0m");
        List<LogLine> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            batch.add(new LogLine(i + 1, Instant.now(), LogStream.STDOUT, texts.get(i)));
        }

        logs.append(task.id(), 1, batch);

        assertThat(logs.page(task.id(), 0, 100)).extracting(LogLine::line).containsExactlyElementsOf(texts);
    }

    @Test
    void timesAreKeptToTheMillisecondInUtc() {
        Task task = rows.pendingTask(rows.spider("true"));
        Instant early = Instant.parse("1969-12-31T23:59:59.007Z");
        Instant late = Instant.parse("2026-12-02T01:37:56.660Z");
        Instant next = late.plusMillis(341);

        logs.append(task.id(), 1, List.of(new LogLine(1, early, LogStream.STDOUT, "a"),
                new LogLine(2, late, LogStream.SYSTEM, "b"), new LogLine(3, next, LogStream.STDERR, "c")));

        List<LogLine> stored = logs.page(task.id(), 0, 10);
        assertThat(stored).extracting(LogLine::ts).containsExactly(early, late, next);
        assertThat(stored).extracting(LogLine::stream).containsExactly(LogStream.STDOUT, LogStream.SYSTEM, LogStream.STDERR);
    }

    @Test
    void aBatchPartlyStoredBeforeIsCompletedWithoutDoubles() {
        Task task = rows.pendingTask(rows.spider("true"));
        List<LogLine> batch = new ArrayList<>();
        // Wider than one part sent to the server (64 KiB), so that the COPY goes out in several.
        for (int i = 1; i <= 3000; i++) {
            batch.add(new LogLine(i, Instant.now(), LogStream.STDOUT, "line " + i + " " + "x".repeat(60)));
        }

        new TaskStore(database.jdbcClient()).claim(task.id(), 1, "node-a");

        logs.append(task.id(), 1, batch.subList(1000, 2000));
        logs.append(task.id(), 1, batch);

        assertThat(logs.count(task.id())).isEqualTo(3000);
        List<LogLine> stored = logs.page(task.id(), 0, 5000);
        assertThat(stored).extracting(LogLine::seq).doesNotHaveDuplicates().hasSize(3000);
        assertThat(stored.getLast().line()).isEqualTo(batch.getLast().line());
        assertThat(database.jdbcTemplate().queryForObject("SELECT log_lines FROM tasks WHERE id = ?", Long.class,
                task.id())).isEqualTo(3000);
    }
}
