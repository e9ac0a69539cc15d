package dev.crawlyard.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.NewSpider;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.SpiderType;
import dev.crawlyard.workflows.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A task's counts are those of the rows of its last attempt, kept by the database whoever stores
 * them and whenever: also output a runner stores after its task has ended.
 */
class TaskOutputCountsTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final TaskStore tasks = new TaskStore(database.jdbcClient());
    private final TaskEndings endings = new TaskEndings(tasks, new AttemptStore(database.jdbcClient()));
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());
    private final SpiderStore spiders = new SpiderStore(database.jdbcClient());

    private static List<ItemRow> items(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> new ItemRow(i, null, "{\"n\": " + i + "}")).toList();
    }

    private static List<LogLine> lines(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> new LogLine(i, Instant.now(), LogStream.STDOUT, "line " + i))
                .toList();
    }

    @Test
    void outputStoredAfterTheTaskEndedIsCountedOnItsRow() {
        Spider spider = rows.spider("true");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, items(0, 8));
        logs.append(task.id(), 1, lines(1, 4));
        endings.end(task.id(), TaskStatus.ABNORMAL, TaskChange.onNode(null).withError(null, "lost"));

        // The runner of the lost node was not dead: it stores what it had left.
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, items(8, 34));
        logs.append(task.id(), 1, lines(4, 6));

        Task row = tasks.find(task.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(row.progress().items()).isEqualTo(34).isEqualTo(items.count(task.id()));
        assertThat(row.progress().logLines()).isEqualTo(5).isEqualTo(logs.count(task.id()));
    }

    @Test
    void aTaskCountsAndShowsTheOutputOfItsLastAttempt() {
        Spider spider = rows.spider("true");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, items(0, 5));
        logs.append(task.id(), 1, lines(1, 3));

        tasks.claim(task.id(), 2, "node-b");
        items.append(task.id(), 2, spider.id(), DedupMode.IGNORE, items(0, 3));
        // The first attempt's node, lost, stores one more batch after the second attempt began.
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, items(5, 9));
        logs.append(task.id(), 2, lines((1L << 32) + 1, (1L << 32) + 2));

        Task row = tasks.find(task.id()).orElseThrow();
        assertThat(row.attempt()).isEqualTo(2);
        assertThat(row.nodeKey()).isEqualTo("node-b");
        assertThat(row.progress().items()).isEqualTo(3).isEqualTo(items.count(ItemQuery.ofTask(task.id())));
        assertThat(row.progress().logLines()).isEqualTo(1);
        assertThat(items.count(ItemQuery.ofTaskAttempt(task.id(), 1))).isEqualTo(9);
        assertThat(items.count(ItemQuery.ofTaskAllAttempts(task.id()))).isEqualTo(12);
        assertThat(items.count(ItemQuery.ofSpider(spider.id()))).isEqualTo(3);
        assertThat(items.count(ItemQuery.ofSpiderAllAttempts(spider.id()))).isEqualTo(12);
        assertThat(logs.page(task.id(), 2, 0, 10)).extracting(LogLine::line).containsExactly("line " + ((1L << 32) + 1));
        assertThat(logs.page(task.id(), 0, 10)).hasSize(3);
        List<String> lastAttempt = new ArrayList<>();
        items.stream(ItemQuery.ofTask(task.id()), 0, 0, lastAttempt::add);
        assertThat(lastAttempt).containsExactly("{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}");
    }

    @Test
    void aCrawlersTaskCountsAndShowsTheItemsOfAllItsAttempts() {
        Spider crawler = spiders.create(new NewSpider("crawler-" + UUID.randomUUID(), "", "", Map.of(), Map.of(), null,
                SpiderType.CRAWLER, "{}"));
        Spider command = rows.spider("true");
        Task crawl = rows.pendingTask(crawler);
        Task run = rows.pendingTask(command);
        for (Task task : List.of(crawl, run)) {
            tasks.claim(task.id(), 1, "node-a");
            items.append(task.id(), 1, task.spiderId(), DedupMode.IGNORE, items(0, 5));
            tasks.claim(task.id(), 2, "node-b");
            items.append(task.id(), 2, task.spiderId(), DedupMode.IGNORE, items(5, 8));
            // The first attempt's node, lost, stores one more batch after the second attempt began.
            items.append(task.id(), 1, task.spiderId(), DedupMode.IGNORE, items(8, 9));
        }

        // The crawler's retry fetched only what its first attempt had not reported: they add up.
        assertThat(tasks.find(crawl.id()).orElseThrow().progress().items()).isEqualTo(9)
                .isEqualTo(items.count(ItemQuery.ofTask(crawl.id())))
                .isEqualTo(items.count(ItemQuery.ofSpider(crawler.id())));
        // A command's retry started afresh: its task is its last attempt.
        assertThat(tasks.find(run.id()).orElseThrow().progress().items()).isEqualTo(3)
                .isEqualTo(items.count(ItemQuery.ofTask(run.id())))
                .isEqualTo(items.count(ItemQuery.ofSpider(command.id())));
        tasks.freezeCounts(crawl.id());
        tasks.freezeCounts(run.id());
        assertThat(tasks.find(crawl.id()).orElseThrow().progress().items()).isEqualTo(9);
        assertThat(tasks.find(run.id()).orElseThrow().progress().items()).isEqualTo(3);
    }

    @Test
    void aKeyedItemFoundAgainByALaterAttemptMovesToItAndIsCountedThere() {
        Spider spider = rows.spider("true");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, List.of(new ItemRow(1, "k1", "{\"v\": 1}"),
                new ItemRow(2, "k2", "{\"v\": 2}")));

        tasks.claim(task.id(), 2, "node-b");
        int added = items.append(task.id(), 2, spider.id(), DedupMode.IGNORE,
                List.of(new ItemRow(7, "k1", "{\"v\": 10}")));

        assertThat(added).isEqualTo(1);
        List<String> lastAttempt = new ArrayList<>();
        items.stream(ItemQuery.ofTask(task.id()), 0, 0, lastAttempt::add);
        assertThat(lastAttempt).containsExactly("{\"v\": 10}");
        assertThat(tasks.find(task.id()).orElseThrow().progress().items()).isEqualTo(1);
        assertThat(items.count(ItemQuery.ofTaskAllAttempts(task.id()))).isEqualTo(2);
    }

    @Test
    void anItemOverwrittenByAnotherTaskLeavesTheFirstTasksCount() {
        Spider spider = rows.spider("true");
        Task first = rows.pendingTask(spider);
        Task second = rows.pendingTask(spider);
        tasks.claim(first.id(), 1, "node-a");
        tasks.claim(second.id(), 1, "node-a");
        items.append(first.id(), 1, spider.id(), DedupMode.OVERWRITE, List.of(new ItemRow(1, "k", "{\"v\": 1}"),
                new ItemRow(2, "other", "{\"v\": 2}")));

        items.append(second.id(), 1, spider.id(), DedupMode.OVERWRITE, List.of(new ItemRow(1, "k", "{\"v\": 3}")));

        assertThat(tasks.find(first.id()).orElseThrow().progress().items()).isEqualTo(1);
        assertThat(tasks.find(second.id()).orElseThrow().progress().items()).isEqualTo(1);
    }
}
