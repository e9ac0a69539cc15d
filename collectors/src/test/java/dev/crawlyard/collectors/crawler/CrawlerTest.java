package dev.crawlyard.collectors.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.collectors.testing.ShopSite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The crawler alone, with a frontier in memory, against a shop served by the test. */
class CrawlerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShopSite site;

    @BeforeEach
    void start() throws Exception {
        site = new ShopSite();
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void crawlsTheShopAndPrintsExactlyTheItemPagesWithTheirFields() throws Exception {
        Output output = crawl(site.crawlerConfig(null));

        assertThat(output.exitCode).isZero();
        Map<String, JsonNode> items = output.itemsByUrl();
        List<String> expected = new ArrayList<>();
        for (int product : ShopSite.NAMES.keySet()) {
            expected.add(site.url() + "product/" + product);
        }
        assertThat(items.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(output.items).hasSize(ShopSite.NAMES.size());
        ShopSite.NAMES.forEach((product, name) -> {
            JsonNode item = items.get(site.url() + "product/" + product);
            assertThat(item.get("name").asString()).as("product %d", product).isEqualTo(name);
            assertThat(item.get("price").asString()).as("product %d", product).isEqualTo(ShopSite.PRICES.get(product));
        });
        JsonNode teapot = items.get(site.url() + "product/1");
        assertThat(teapot.get("tags").toString()).isEqualTo("[\"kitchen\",\"p1\"]");
        assertThat(teapot.get("image").asString()).isEqualTo(site.url() + "img/1.png");
        JsonNode map = items.get(site.url() + "product/3");
        assertThat(map.get("tags").isEmpty()).isTrue();
        assertThat(map.get("image").isNull()).isTrue();
    }

    @Test
    void neverRequestsWhatRobotsTxtForbidsNorWhatTheSkipRulesOrTheDomainsLeaveOut() throws Exception {
        Output output = crawl(site.crawlerConfig(null));

        assertThat(output.exitCode).isZero();
        List<String> paths = site.requests().stream().map(ShopSite.Request::path).toList();
        assertThat(paths).contains("/robots.txt", "/", "/list/2", "/list/3", "/product/11");
        assertThat(paths).noneMatch(path -> path.startsWith("/private"));
        assertThat(paths).noneMatch(path -> path.contains("sort="));
        assertThat(paths.indexOf("/robots.txt")).isZero();
        assertThat(site.hits("/robots.txt")).isEqualTo(1);
        // Every page once, but the two that failed first and were tried again.
        for (String path : paths) {
            int expected = path.equals("/product/5") || path.equals("/product/6") ? 2 : 1;
            assertThat(site.hits(path)).as(path).isEqualTo(expected);
        }
        assertThat(site.requests()).allSatisfy(r -> assertThat(r.userAgent()).isEqualTo("ShopTestBot/1.0 (+test)"));
    }

    @Test
    void aFiveHundredIsTriedAgainAndA429WaitsWhatItsRetryAfterSays() throws Exception {
        Output output = crawl(site.crawlerConfig(null));

        List<ShopSite.Request> sixes = site.requests().stream().filter(r -> r.path().equals("/product/6")).toList();
        assertThat(sixes).hasSize(2);
        // The back-off alone would be 100 ms; the retry waited for the Retry-After instead.
        assertThat(Duration.ofNanos(sixes.get(1).nanos() - sixes.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(ShopSite.RETRY_AFTER_SECONDS));
        assertThat(site.hits("/product/5")).isEqualTo(2);
        assertThat(output.itemsByUrl()).containsKeys(site.url() + "product/5", site.url() + "product/6");
    }

    @Test
    void keepsTheCookieTheSiteSetForTheRestOfTheCrawl() throws Exception {
        crawl(site.crawlerConfig(null));

        List<ShopSite.Request> requests = site.requests();
        ShopSite.Request root = requests.stream().filter(r -> r.path().equals("/")).findFirst().orElseThrow();
        assertThat(requests.stream().filter(r -> r.nanos() > root.nanos() && r.path().startsWith("/list/")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.cookie()).contains("session=abc123"));
    }

    @Test
    void stopsAtMaxPagesAndMaxDepth() throws Exception {
        Output pages = crawl(site.crawlerConfig("\"maxPages\": 3, \"concurrency\": 1"));
        assertThat(site.requests().stream().filter(r -> !r.path().equals("/robots.txt"))).hasSize(3);
        assertThat(pages.exitCode).isZero();

        site.close();
        site = new ShopSite();
        crawl(site.crawlerConfig("\"maxDepth\": 0"));
        assertThat(site.requests().stream().map(ShopSite.Request::path)).containsExactly("/robots.txt", "/");
    }

    @Test
    void anEmptyCrawlReportsProgressAndEnds() throws Exception {
        Output output = crawl(site.crawlerConfig("\"maxDepth\": 1"));
        assertThat(output.lines).anySatisfy(line -> assertThat(line).contains("\"type\":\"progress\""));
        assertThat(output.lines.getLast()).contains("crawl finished");
    }

    private Output crawl(String configJson) throws Exception {
        CrawlerConfig config = CrawlerConfig.parse(configJson);
        assertThat(ConfigProblems.of(config)).isEmpty();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpcOut out = new IpcOut(bytes);
        int code = new Crawler(config, new MemoryFrontier(config), out, new StopSignal()).run();
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static final class Output {
        final int exitCode;
        final List<String> lines;
        final List<JsonNode> items = new ArrayList<>();

        Output(int exitCode, String text) {
            this.exitCode = exitCode;
            this.lines = text.lines().toList();
            for (String line : lines) {
                JsonNode message = JSON.readTree(line);
                if (message.path("type").asString().equals("data")) {
                    message.path("payload").forEach(items::add);
                }
            }
        }

        Map<String, JsonNode> itemsByUrl() {
            Map<String, JsonNode> byUrl = new TreeMap<>();
            items.forEach(item -> byUrl.put(item.get("url").asString(), item));
            return byUrl;
        }
    }
}
