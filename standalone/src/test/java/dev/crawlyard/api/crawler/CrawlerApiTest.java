package dev.crawlyard.api.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.collectors.testing.CatalogSite;
import dev.crawlyard.collectors.testing.ShopSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Crawler spiders through the API: registered from a checked config, run as tasks on the node. */
class CrawlerApiTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShopSite site;

    @BeforeEach
    void startSite() throws Exception {
        site = new ShopSite();
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    @Test
    void aCrawlerTaskStoresExactlyTheShopsItemsWithTheirFieldsAndItsStats() throws Exception {
        long spider = crawler(site.crawlerConfig(null));

        JsonNode task = awaitEnded(run(spider), Duration.ofMinutes(2));

        assertThat(task.get("status").asString()).as("%s; log %s", task, log(task)).isEqualTo("finished");
        List<JsonNode> items = items(task);
        assertThat(items).hasSize(ShopSite.NAMES.size());
        Map<String, JsonNode> byUrl = new HashMap<>();
        items.forEach(item -> byUrl.put(item.get("url").asString(), item));
        ShopSite.NAMES.forEach((product, name) -> {
            JsonNode item = byUrl.get(site.url() + "product/" + product);
            assertThat(item).as("product %d", product).isNotNull();
            assertThat(item.get("name").asString()).isEqualTo(name);
            assertThat(item.get("price").asString()).isEqualTo(ShopSite.PRICES.get(product));
        });
        assertThat(site.requests()).noneMatch(r -> r.path().startsWith("/private"));
        List<ShopSite.Request> sixes = site.requests().stream().filter(r -> r.path().equals("/product/6")).toList();
        assertThat(sixes).hasSize(2);
        assertThat(Duration.ofNanos(sixes.get(1).nanos() - sixes.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(ShopSite.RETRY_AFTER_SECONDS));

        JsonNode stats = task.get("result").get("crawl");
        // 2xx: the three listings (/ is the first), products 1-7, 8 (too large), 9 (no price) and
        // /old-product (redirected to 10) = 13; 4xx: product 11. /private/secret: denied, never requested.
        assertThat(stats.get("pagesByStatus").get("2xx").asLong()).isEqualTo(13);
        assertThat(stats.get("pagesByStatus").get("4xx").asLong()).isEqualTo(1);
        assertThat(stats.get("pagesByStatus").get("5xx").asLong()).isZero();
        assertThat(stats.get("pagesFetched").asLong()).isEqualTo(14);
        assertThat(stats.get("robotsDenied").asLong()).isEqualTo(1);
        assertThat(stats.get("tooLarge").asLong()).isEqualTo(1);
        assertThat(stats.get("retries").asLong()).isEqualTo(2);
        assertThat(stats.get("items").asLong()).isEqualTo(ShopSite.NAMES.size());
        assertThat(stats.get("bytes").asLong()).isPositive();
        assertThat(stats.get("p95FetchMillis").asDouble()).isPositive();
        assertThat(stats.get("meanFetchMillis").asDouble()).isPositive();
        assertThat(task.get("progress").get("stage").asString()).isEqualTo("crawling");
    }

    @Test
    void cancellingACrawlerTaskStopsItGracefullyAndKeepsWhatItStored() throws Exception {
        try (CatalogSite slow = new CatalogSite(20, 20, 50)) {
            long spider = crawler(slow.crawlerConfig("\"concurrency\": 2"));
            long task = run(spider);
            awaitStatus(task, "running");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (api.get("/api/tasks/" + task + "/items?format=json&size=1").body().get("total").asLong() < 3) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }

            assertThat(api.post("/api/tasks/" + task + "/cancel", null).status()).isEqualTo(202);

            JsonNode cancelled = awaitEnded(task, Duration.ofMinutes(1));
            assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
            // SIGTERM follows the cancel message at once; the crawler wraps up within the tests' 2 s
            // grace period unless the machine is very slow, so either mode may show.
            assertThat(cancelled.get("stopMode").asString()).isIn("graceful", "forced");
            assertThat(log(cancelled)).anySatisfy(line -> assertThat(line).contains("crawl cancelled"));
            List<JsonNode> stored = items(cancelled);
            assertThat(stored).isNotEmpty().hasSizeLessThan(slow.items());
            assertThat(stored.stream().map(item -> item.get("url").asString())).doesNotHaveDuplicates();
        }
    }

    @Test
    void aConfigTheSchemaRefusesIsA400NamingEachBadFieldAndStoresNothing() {
        long before = spiderCount();
        String config = """
                {"startUrls": ["ftp://files.example/"], "maxPages": 0, "sitemap": true,
                 "fields": {"price": {"selector": ".price", "list": "yes"}}}""";

        ApiClient.Reply reply = register(config);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(fields(reply)).contains("config.startUrls[0]", "config.maxPages", "config.sitemap",
                "config.fields.price.list");
        assertThat(spiderCount()).isEqualTo(before);
    }

    @Test
    void aConfigWithBadSelectorsOrPatternsIsA400NamingThemAndStoresNothing() {
        long before = spiderCount();
        String config = """
                {"startUrls": ["%s"], "follow": [{"pattern": "([unclosed"}],
                 "fields": {"price": {"selector": "p..price["}, "name": {"selector": "h1"}}}""".formatted(site.url());

        ApiClient.Reply reply = register(config);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(fields(reply)).containsExactlyInAnyOrder("config.follow[0].pattern", "config.fields.price.selector");
        assertThat(spiderCount()).isEqualTo(before);
        assertThat(register(null).status()).isEqualTo(400);
        assertThat(fields(register(null))).containsExactly("config");
    }

    @Test
    void aCrawlerTakesNoCommandAndACommandSpiderNoConfig() {
        ApiClient.Reply crawler = api.post("/api/spiders", ApiClient.json(Map.of("name", "c-" + UUID.randomUUID(),
                "type", "crawler", "command", "python3 x.py", "config", JSON.readTree(site.crawlerConfig(null)))));
        assertThat(crawler.status()).isEqualTo(400);
        assertThat(fields(crawler)).containsExactly("command");
        ApiClient.Reply command = api.post("/api/spiders", ApiClient.json(Map.of("name", "c-" + UUID.randomUUID(),
                "command", "true", "config", Map.of("startUrls", List.of()))));
        assertThat(fields(command)).containsExactly("config");
        assertThat(fields(api.post("/api/spiders", ApiClient.json(Map.of("name", "c-" + UUID.randomUUID(),
                "type", "spider"))))).contains("type");
    }

    @Test
    void theSchemaIsPublishedAndAnApiTokenCannotUseTheCrawlCalls() {
        ApiClient.Reply types = api.get("/api/spider-types");
        assertThat(types.status()).isEqualTo(200);
        ApiClient.Reply schema = api.get("/api/spider-types/crawler/schema");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.body().get("$schema").asString()).contains("2020-12");
        assertThat(schema.body().get("required").toString()).contains("startUrls", "fields");
        assertThat(schema.body().get("properties").has("rate")).isTrue();
        assertThat(api.get("/api/spider-types/command/schema").status()).isEqualTo(404);

        assertThat(api.post("/api/v1/crawl/open", ApiClient.json(Map.of("attempt", 1, "startUrls", List.of())))
                .status()).isEqualTo(403);
        assertThat(api.withToken(null).post("/api/v1/crawl/open", "{}").status()).isEqualTo(401);
    }

    @Test
    void theRegisteredCrawlerShowsItsTypeConfigAndCommand() {
        long spider = crawler(site.crawlerConfig(null));
        JsonNode shown = api.get("/api/spiders/" + spider).body();
        assertThat(shown.get("type").asString()).isEqualTo("crawler");
        assertThat(shown.get("config").get("startUrls").get(0).asString()).isEqualTo(site.url());
        assertThat(shown.get("command").asString()).contains("$CRAWLYARD_COLLECTORS_JAR");
    }

    @Test
    void theExampleCrawlerRegistersAsTheReadmeShows() throws Exception {
        JsonNode example = JSON.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "examples", "crawler-books", "spider.json")));
        ((tools.jackson.databind.node.ObjectNode) example).put("name", "books-" + UUID.randomUUID());

        ApiClient.Reply reply = api.post("/api/spiders", example.toString());

        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        assertThat(reply.body().get("config").get("fields").has("price")).isTrue();
    }

    private long crawler(String config) {
        ApiClient.Reply reply = register(config);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private ApiClient.Reply register(String config) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "crawler-" + UUID.randomUUID());
        body.put("type", "crawler");
        if (config != null) {
            body.put("config", JSON.readTree(config));
        }
        return api.post("/api/spiders", ApiClient.json(body));
    }

    private long spiderCount() {
        return api.get("/api/spiders?size=1").body().get("total").asLong();
    }

    private static List<String> fields(ApiClient.Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.body().get("fieldErrors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    private JsonNode awaitEnded(long taskId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode task = api.get("/api/tasks/" + taskId).body();
            String status = task.get("status").asString();
            if (!List.of("pending", "preparing", "running").contains(status)) {
                return task;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " did not end: " + task);
            }
            Thread.sleep(100);
        }
    }

    private List<JsonNode> items(JsonNode task) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/items?format=json&size=500").body().get("items")
                .forEach(items::add);
        return items;
    }

    private List<String> log(JsonNode task) {
        List<String> lines = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/logs?limit=1000").body().get("lines")
                .forEach(line -> lines.add(line.get("line").asString()));
        return lines;
    }
}
