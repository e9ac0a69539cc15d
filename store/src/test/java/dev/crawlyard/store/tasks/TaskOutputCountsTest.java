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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Test
    void dataDeletedWhileTheEndCountsIsNotCountedAgain() throws Exception {
        Spider spider = rows.spider("true");
        Task task = endedWithOutput(spider);

        // The user deletes the task's data as its end sets its counts; the deletion commits last.
        CompletableFuture<Void> counted = whileHeld(() -> tasks.deleteData(task.id()),
                () -> tasks.freezeCounts(task.id()));

        counted.get(30, TimeUnit.SECONDS);
        Task row = tasks.find(task.id()).orElseThrow();
        assertThat(items.count(task.id())).isZero();
        assertThat(row.progress().items()).isZero();
        assertThat(row.progress().logLines()).isZero();
    }

    @Test
    void aBatchStoredWhileTheEndCountsIsCounted() throws Exception {
        Spider spider = rows.spider("true");
        Task task = endedWithOutput(spider);

        // A runner stores its last batch as the task's end sets its counts; the batch commits last.
        // (Keyed, so that it is stored by INSERT in the caller's transaction: COPY commits its own.)
        List<ItemRow> keyed = LongStream.range(2, 7).mapToObj(i -> new ItemRow(i, "k" + i, "{}")).toList();
        CompletableFuture<Void> counted = whileHeld(
                () -> items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, keyed),
                () -> tasks.freezeCounts(task.id()));

        counted.get(30, TimeUnit.SECONDS);
        assertThat(tasks.find(task.id()).orElseThrow().progress().items()).isEqualTo(7)
                .isEqualTo(items.count(task.id()));
    }

    /** A task that ran one attempt, stored two items and three log lines, and was cancelled. */
    private Task endedWithOutput(Spider spider) {
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE, items(0, 2));
        logs.append(task.id(), 1, lines(1, 4));
        tasks.transition(task.id(), TaskStatus.CANCELLED, TaskChange.onNode(null).withError(null, "cancelled"));
        return task;
    }

    /**
     * Runs {@code write} in a transaction and, before it commits, starts {@code count} on another
     * connection and waits until it is blocked on that transaction's locks.
     *
     * @return {@code count}, to be awaited once the write has committed
     */
    private CompletableFuture<Void> whileHeld(Runnable write, Runnable count) {
        TransactionTemplate transactions = new TransactionTemplate(
                new DataSourceTransactionManager(database.dataSource()));
        return transactions.execute(status -> {
            write.run();
            long holder = database.jdbcTemplate().queryForObject("SELECT pg_backend_pid()", Long.class);
            CompletableFuture<Void> counting = CompletableFuture.runAsync(count);
            awaitBlockedBy(holder);
            return counting;
        });
    }

    /** Waits on a connection of its own: a transaction sees one snapshot of pg_stat_activity. */
    private void awaitBlockedBy(long holder) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        try (Connection watcher = database.dataSource().getConnection();
                PreparedStatement blocked = watcher.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            blocked.setLong(1, holder);
            while (true) {
                try (ResultSet result = blocked.executeQuery()) {
                    if (result.next() && result.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(Instant.now()).as("the count waits for the write's lock").isBefore(deadline);
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("could not watch the count wait", e);
        }
    }
}
