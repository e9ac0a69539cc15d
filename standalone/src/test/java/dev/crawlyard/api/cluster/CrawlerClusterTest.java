package dev.crawlyard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.collectors.testing.CatalogSite;
import dev.crawlyard.standalone.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crawler run on three worker nodes at once (dispatch mode {@code all}): the three tasks share
 * one frontier, so that every page is fetched once by the group, a node killed in the middle of the
 * crawl loses no item and doubles none, and the spider's rate holds for the group as a whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {
    "crawlyard.standalone.in-process-node=false",
    "crawlyard.tasks.node-wait=10s",
    "crawlyard.tasks.heartbeat-timeout=4s",
    "crawlyard.tasks.node-offline-after=3s",
    "crawlyard.crawler.lease-timeout=5s"})
class CrawlerClusterTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> KEYS = List.of("crawl-a", "crawl-b", "crawl-c");

    @Autowired
    EmbeddedServices embedded;

    private final Map<String, WorkerJvm> workers = new HashMap<>();

    @BeforeAll
    void startNodes() throws Exception {
        Path root = Files.createTempDirectory("crawlyard-crawl-cluster-");
        // The nodes' spiders (runner users, as root) pass through it to their own directories.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        List<Thread> starting = new ArrayList<>();
        for (String key : KEYS) {
            WorkerJvm worker = new WorkerJvm(key, root.resolve(key), WorkerJvm.joining(embedded, Map.of(
                    "CRAWLYARD_NODE_API_URL", "http://127.0.0.1:" + port,
                    "CRAWLYARD_NODE_REPORT_INTERVAL", "500ms",
                    "CRAWLYARD_NODE_HEARTBEAT_INTERVAL", "1s",
                    "CRAWLYARD_WORKFLOWHOST_ENABLED", "false")));
            workers.put(key, worker);
            starting.add(Thread.ofVirtual().start(worker::start));
        }
        for (Thread thread : starting) {
            thread.join();
        }
    }

    /** Every test starts with the live nodes online (the test that kills one comes last). */
    @BeforeEach
    void nodesOnline() throws InterruptedException {
        awaitOnline();
    }

    @AfterAll
    void stopNodes() throws InterruptedException {
        for (WorkerJvm worker : workers.values()) {
            worker.stop();
        }
    }

    @Test
    void threeNodesShareTheFrontierAndFetchEveryPageOnce() throws Exception {
        try (CatalogSite site = new CatalogSite(10, 20, 5)) {
            long spider = crawler(site.crawlerConfig("\"concurrency\": 4, \"maxPages\": 10000"));

            List<JsonNode> tasks = runOnAll(spider, false);

            assertThat(tasks).hasSize(3);
            Set<String> nodes = new HashSet<>();
            for (JsonNode task : tasks) {
                JsonNode ended = awaitEnded(task.get("id").asLong(), Duration.ofMinutes(3));
                assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("finished");
                nodes.add(ended.get("node").asString());
            }
            assertThat(nodes).containsExactlyInAnyOrderElementsOf(KEYS);
            assertThat(site.hits()).hasSize(site.pages()).allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1));
            List<String> items = itemUrls(spider);
            assertThat(items).hasSize(site.items()).doesNotHaveDuplicates();
            // The nodes' own counts add up to the site (each page fetched by one of them), and the work
            // was shared. (Not necessarily by all three: on a loaded machine a node that starts late
            // can find the frontier empty.)
            List<Long> fetched = new ArrayList<>();
            for (JsonNode task : tasks) {
                fetched.add(api.get("/api/tasks/" + task.get("id").asLong()).body().get("result").get("crawl")
                        .get("pagesFetched").asLong());
            }
            assertThat(fetched.stream().mapToLong(Long::longValue).sum()).as("pages fetched by %s", fetched)
                    .isEqualTo(site.pages());
            assertThat(fetched.stream().filter(count -> count > 0).count()).as("nodes that fetched: %s", fetched)
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theRateHoldsForTheGroupAsAWhole() throws Exception {
        try (CatalogSite site = new CatalogSite(1, 40, 0)) {
            double rate = 4;
            List<CatalogSite.Request> items = crawlOnAllAt(site, rate);

            // The home page and the listing come one after the other (each is found on the one
            // before); from then on the forty items are all queued, and the rate is what paces them.
            assertThat(site.hits()).hasSize(site.pages()).allSatisfy((path, count) -> assertThat(count).isEqualTo(1));
            double seconds = (items.getLast().nanos() - items.getFirst().nanos()) / 1e9;
            double measured = (items.size() - 1) / seconds;
            System.out.printf("crawler rate over 3 nodes: configured %.1f pages/s, measured %.2f pages/s (%d pages"
                    + " in %.2f s)%n", rate, measured, items.size(), seconds);
            // A generous lower bound for a loaded machine (a late fetch only lowers the rate); the goal is 10%.
            assertThat(measured).isBetween(rate * 0.85, rate * 1.1);
        }
    }

    /**
     * Crawls the site on all three nodes at {@code rate} pages a second (burst 1, concurrency 8),
     * each task ending finished; the item pages' requests as the site saw them, in order.
     */
    private List<CatalogSite.Request> crawlOnAllAt(CatalogSite site, double rate) throws Exception {
        long spider = crawler(site.crawlerConfig("\"rate\": " + rate + ", \"burst\": 1, \"concurrency\": 8"));
        for (JsonNode task : runOnAll(spider, false)) {
            assertThat(awaitEnded(task.get("id").asLong(), Duration.ofMinutes(2)).get("status").asString())
                    .isEqualTo("finished");
        }
        return site.requests().stream().filter(r -> r.path().startsWith("/item/")).toList();
    }

    @Test
    void aLeaseTakesRateSlotsOnlyForThePagesItHandsOut() throws Exception {
        // At 10 pages a second the 5 s horizon holds 50 slots, more than a node leases at once (four
        // times its concurrency: 32); a slot taken for a candidate left queued would be lost to the
        // rate, and the group would stall for as long as the lost slots last (1.8 s was seen).
        try (CatalogSite site = new CatalogSite(1, 80, 0)) {
            double rate = 10;
            List<CatalogSite.Request> items = crawlOnAllAt(site, rate);

            assertThat(items).hasSize(80);
            double seconds = (items.getLast().nanos() - items.getFirst().nanos()) / 1e9;
            double measured = (items.size() - 1) / seconds;
            long longestGap = 0;
            for (int i = 1; i < items.size(); i++) {
                longestGap = Math.max(longestGap, items.get(i).nanos() - items.get(i - 1).nanos());
            }
            System.out.printf("crawler rate over 3 nodes: configured %.1f pages/s, measured %.2f pages/s, longest"
                    + " gap %d ms%n", rate, measured, longestGap / 1_000_000);
            assertThat(measured).isBetween(rate * 0.85, rate * 1.1);
            // Ten times the interval: far above a late fetch, far below the lost slots' stall.
            assertThat(longestGap).isLessThan(Duration.ofSeconds(1).toNanos());
        }
    }

    @Test
    @Order(Order.DEFAULT + 100)
    void aNodeKilledMidCrawlLosesNoItemAndDoublesNone() throws Exception {
        try (CatalogSite site = new CatalogSite(12, 25, 40)) {
            long spider = crawler(site.crawlerConfig("\"concurrency\": 2, \"maxPages\": 10000"));
            List<JsonNode> tasks = runOnAll(spider, true);
            // Wait until the crawl is well under way on every node, then kill one.
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (api.get("/api/spiders/" + spider + "/items?format=json&size=1").body().get("total").asLong() < 40) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            String victim = "crawl-b";
            workers.get(victim).kill();

            List<String> outcomes = new ArrayList<>();
            for (JsonNode task : tasks) {
                JsonNode ended = awaitEnded(task.get("id").asLong(), Duration.ofMinutes(3));
                outcomes.add(ended.get("status").asString());
            }
            assertThat(outcomes).containsOnly("finished");

            // The killed task's retry crawls only what its first attempt had not reported, so its items
            // are spread over both attempts, and a crawler's items are by default of every attempt.
            List<String> items = itemUrls(spider, "");
            assertThat(items).doesNotHaveDuplicates().hasSize(site.items())
                    .containsExactlyInAnyOrderElementsOf(itemUrls(spider, "&attempts=all"));
            long counted = 0;
            for (JsonNode task : tasks) {
                JsonNode ended = api.get("/api/tasks/" + task.get("id").asLong()).body();
                long own = api.get("/api/tasks/" + task.get("id").asLong() + "/items?format=json&size=1").body()
                        .get("total").asLong();
                assertThat(ended.get("items").asLong()).isEqualTo(own);
                counted += own;
            }
            assertThat(counted).isEqualTo(site.items());
            Map<String, Integer> hits = site.hits();
            assertThat(hits).hasSize(site.pages());
            long twice = hits.values().stream().filter(count -> count > 1).count();
            System.out.printf("node killed mid-crawl: %d pages, %d items, %d pages fetched twice%n", hits.size(),
                    items.size(), twice);
            // Only what the killed node had leased (four times the concurrency: 8) and what it had
            // reported whose items were still on their way to the database (at most the batch before,
            // another 8): a page is kept done only once its item is stored. On a loaded machine the
            // second part is not empty (13 was seen in CI, with no item lost or doubled).
            assertThat(twice).isLessThanOrEqualTo(2 * 4 * 2);
        }
    }

    private long crawler(String config) {
        ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(Map.of("name", "crawler-" + UUID.randomUUID(),
                "type", "crawler", "config", JSON.readTree(config))));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private List<JsonNode> runOnAll(long spider, boolean reassign) {
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("mode", "all", "reassign", reassign)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        List<JsonNode> tasks = new ArrayList<>();
        reply.body().get("tasks").forEach(tasks::add);
        return tasks;
    }

    private List<String> itemUrls(long spider) {
        return itemUrls(spider, "");
    }

    private List<String> itemUrls(long spider, String query) {
        List<String> urls = new ArrayList<>();
        api.get("/api/spiders/" + spider + "/items?format=json&size=500" + query).body().get("items")
                .forEach(item -> urls.add(item.get("url").asString()));
        return urls;
    }

    private JsonNode awaitEnded(long taskId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode task = api.get("/api/tasks/" + taskId).body();
            if (!List.of("pending", "preparing", "running").contains(task.get("status").asString())) {
                return task;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " did not end: " + task);
            }
            Thread.sleep(100);
        }
    }

    private void awaitOnline() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Set<String> online = new HashSet<>();
            api.get("/api/nodes").body().forEach(node -> {
                if (node.get("online").asBoolean()) {
                    online.add(node.get("key").asString());
                }
            });
            if (online.containsAll(KEYS)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the nodes did not come up: " + online);
            }
            Thread.sleep(100);
        }
    }
}
