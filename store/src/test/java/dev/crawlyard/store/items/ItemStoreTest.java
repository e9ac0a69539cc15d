package dev.crawlyard.store.items;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.DedupMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items go in with COPY; what COPY's text format would read as syntax must arrive as the spider wrote it. */
class ItemStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());

    @Test
    void jsonWithEscapesAndWhitespaceIsStoredAsWritten() {
        Spider spider = rows.spider("true");
        Task task = rows.pendingTask(spider);
        List<String> written = List.of(
                "{\"path\": \"C:\\\\spiders\\\\N\", \"quote\": \"say \\\"hi\\\"\"}",
                "{\t\"tabbed\":\r\"value\"\t}",
                "{\"text\": \"line\\nbreak\\ttab\\\\.\"}",
                "{\"name\": \"ünïcødé ✓ 🕷\", \"escaped\": \"\\u00e9\\ud83d\\udd77\"}",
                "[1, 2.5, null, true]");
        List<ItemRow> batch = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            batch.add(new ItemRow(i, null, written.get(i)));
        }

        assertThat(items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, batch)).isEqualTo(written.size());

        for (int i = 0; i < written.size(); i++) {
            Boolean same = database.jdbcTemplate().queryForObject(
                    "SELECT data = ?::jsonb FROM items WHERE task_id = ? AND seq = ?", Boolean.class,
                    written.get(i), task.id(), (long) i);
            assertThat(same).as(written.get(i)).isTrue();
        }
    }

    @Test
    void aBatchPartlyStoredBeforeIsCompletedWithoutDoubles() {
        Spider spider = rows.spider("true");
        Task task = rows.pendingTask(spider);
        List<ItemRow> batch = new ArrayList<>();
        // Wider than one part sent to the server (64 KiB), so that the COPY goes out in several.
        for (int i = 0; i < 3000; i++) {
            batch.add(new ItemRow(i, null, "{\"n\": " + i + ", \"pad\": \"" + "x".repeat(60) + "\"}"));
        }

        int first = items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, batch.subList(2000, 2500));
        int rest = items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, batch);

        assertThat(first).isEqualTo(500);
        assertThat(rest).isEqualTo(2500);
        assertThat(items.count(task.id())).isEqualTo(3000);
        assertThat(database.jdbcTemplate().queryForObject(
                "SELECT count(DISTINCT (data->>'n')) FROM items WHERE task_id = ?", Long.class, task.id()))
                .isEqualTo(3000);
    }
}
