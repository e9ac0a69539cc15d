package dev.crawlyard.store.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.DedupMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The shared frontier against a real PostgreSQL: leases, limits, and what a lost attempt leaves. */
class FrontierStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TestDatabase database = TestDatabase.shared();
    private final FrontierStore frontier = new FrontierStore(database.jdbcClient(),
            new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())));
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());
    private final TestRows rows = new TestRows(database);
    private final Spider spider = rows.spider("true");

    @Test
    void attemptsLeasingAtOnceGetDisjointUrlsAndTogetherAllOfThem() throws Exception {
        String key = "group:" + UUID.randomUUID();
        List<String> urls = IntStream.range(0, 200).mapToObj(i -> "http://shop.test/p/" + i).toList();
        List<CrawlHolder> holders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            holders.add(frontier.open(key, spider.id(), 1000, rows.pendingTask(spider).id(), 1, urls, LEASE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> leased = new ArrayList<>();
        for (CrawlHolder holder : holders) {
            Callable<List<String>> leaseAll = () -> {
                List<String> mine = new ArrayList<>();
                List<LeasedUrl> batch;
                while (!(batch = frontier.lease(holder, 7, false, LEASE, null)).isEmpty()) {
                    batch.forEach(url -> mine.add(url.url()));
                }
                return mine;
            };
            leased.add(pool.submit(leaseAll));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> future : leased) {
            all.addAll(future.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(200).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(urls);
    }

    @Test
    void theSeenSetKeepsEachUrlOnceAndThePageLimitCapsTheLeases() {
        Task task = rows.pendingTask(spider);
        CrawlHolder holder = frontier.open("task:" + task.id(), spider.id(), 3, task.id(), 1,
                List.of("http://shop.test/"), LEASE);
        assertThat(frontier.lease(holder, 10, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactly("http://shop.test/");

        Set<String> refused = frontier.report(holder, List.of(page("http://shop.test/", null)), List.of(
                new FoundUrl("http://shop.test/a", 1, "queued"), new FoundUrl("http://shop.test/b", 1, "queued"),
                new FoundUrl("http://shop.test/", 1, "queued"), new FoundUrl("http://shop.test/c", 1, "queued"),
                new FoundUrl("http://shop.test/a", 1, "queued"), new FoundUrl("http://shop.test/x", 1, "denied")),
                LEASE);

        assertThat(refused).isEmpty();
        assertThat(frontier.lease(holder, 10, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactly("http://shop.test/a", "http://shop.test/b");
        assertThat(frontier.lease(holder, 10, false, LEASE, null)).isEmpty();
        assertThat(frontier.progress(holder.frontierId(), true)).isEqualTo(new CrawlProgress(false, 1L, 3L));
    }

    @Test
    void aLostAttemptsLeasesComeBackAndOnlyItsStoredItemsCountAsDone() {
        Task task = rows.pendingTask(spider);
        String key = "task:" + task.id();
        List<String> urls = List.of("http://shop.test/1", "http://shop.test/2", "http://shop.test/3");
        CrawlHolder first = frontier.open(key, spider.id(), 100, task.id(), 1, urls, LEASE);
        assertThat(frontier.lease(first, 3, false, LEASE, null)).hasSize(3);
        // Page 1's item reached the items table; page 2's was printed but its node died before storing it.
        frontier.report(first, List.of(page("http://shop.test/1", "http://shop.test/1"),
                page("http://shop.test/2", "http://shop.test/2")), List.of(), LEASE);
        items.append(task.id(), 1, spider.id(), DedupMode.IGNORE,
                List.of(new ItemRow(1, null, "{\"url\": \"http://shop.test/1\", \"name\": \"one\"}")));

        CrawlHolder second = frontier.open(key, spider.id(), 100, task.id(), 2, urls, LEASE);

        assertThat(frontier.lease(second, 10, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactlyInAnyOrder("http://shop.test/2", "http://shop.test/3");
        assertThatThrownBy(() -> frontier.report(first, List.of(page("http://shop.test/3", null)), List.of(), LEASE))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void anAttemptWhoseLeaseRanOutIsResolvedByAnotherAndItsLateReportIsRefused() throws Exception {
        String key = "group:" + UUID.randomUUID();
        Task slow = rows.pendingTask(spider);
        Task other = rows.pendingTask(spider);
        CrawlHolder lost = frontier.open(key, spider.id(), 100, slow.id(), 1, List.of("http://shop.test/"), LEASE);
        CrawlHolder alive = frontier.open(key, spider.id(), 100, other.id(), 1, List.of(), LEASE);
        assertThat(frontier.lease(lost, 1, false, LEASE, null)).hasSize(1);
        assertThat(frontier.lease(alive, 1, false, LEASE, null)).isEmpty();
        assertThat(frontier.progress(alive.frontierId(), false).exhausted()).isFalse();

        // The slow attempt's lease runs out (as if it had not called in for longer than its lease).
        database.jdbcClient().sql("UPDATE crawl_holders SET expires_at = now() - interval '1 second'"
                + " WHERE task_id = :t").param("t", slow.id()).update();

        assertThat(frontier.lease(alive, 1, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactly("http://shop.test/");
        assertThatThrownBy(() -> frontier.report(lost, List.of(page("http://shop.test/", null)), List.of(), LEASE))
                .isInstanceOf(LeaseLostException.class);
        assertThat(frontier.report(alive, List.of(page("http://shop.test/", null)), List.of(), LEASE)).isEmpty();
        assertThat(frontier.lease(alive, 1, false, LEASE, null)).isEmpty();
        assertThat(frontier.progress(alive.frontierId(), false).exhausted()).isTrue();
    }

    @Test
    void finishingGivesBackWhatWasLeasedAndNotReported() {
        Task task = rows.pendingTask(spider);
        CrawlHolder holder = frontier.open("task:" + task.id(), spider.id(), 100, task.id(), 1,
                List.of("http://shop.test/1", "http://shop.test/2"), LEASE);
        frontier.lease(holder, 2, false, LEASE, null);
        frontier.report(holder, List.of(page("http://shop.test/1", null)), List.of(), LEASE);

        frontier.finish(holder);

        Task next = rows.pendingTask(spider);
        CrawlHolder other = new CrawlHolder(holder.frontierId(), next.id(), 1);
        database.jdbcClient().sql("""
                INSERT INTO crawl_holders (frontier_id, task_id, attempt, expires_at) VALUES (:f, :t, 1, now() + interval '1 minute')""")
                .param("f", other.frontierId()).param("t", next.id()).update();
        assertThat(frontier.lease(other, 10, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactly("http://shop.test/2");
        assertThatThrownBy(() -> frontier.lease(holder, 1, false, LEASE, null)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void pacingDecidesEachLeasesDelayAndWhatItHoldsBackStaysQueued() {
        Task task = rows.pendingTask(spider);
        CrawlHolder holder = frontier.open("task:" + task.id(), spider.id(), 100, task.id(), 1,
                List.of("http://a.test/1", "http://a.test/2", "http://b.test/1"), LEASE);
        Set<String> asked = new HashSet<>();

        List<LeasedUrl> leased = frontier.lease(holder, 3, true, LEASE, (candidates, room) -> {
            assertThat(room).isEqualTo(3);
            asked.addAll(candidates);
            return candidates.stream().mapToLong(url -> url.equals("http://a.test/2") ? -1 : 250).toArray();
        });

        assertThat(asked).hasSize(3);
        assertThat(leased).extracting(LeasedUrl::url).containsExactly("http://a.test/1", "http://b.test/1");
        assertThat(leased).extracting(LeasedUrl::delayMillis).containsOnly(250L);
        assertThat(frontier.lease(holder, 3, false, LEASE, null)).extracting(LeasedUrl::url)
                .containsExactly("http://a.test/2");
    }

    private static PageReport page(String url, String itemUrl) {
        return new PageReport(url, "ok", 200, 100, 5, 0, itemUrl);
    }
}
