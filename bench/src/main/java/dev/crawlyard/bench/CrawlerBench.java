package dev.crawlyard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 7: the built-in crawler's pages per second against a local site, beside Scrapy
 * (Debian's python3-scrapy, a plain spider with the same selectors) on the same site in the same
 * run: both as platform tasks storing their items, politeness off, the same concurrency. Memory is
 * each process's peak resident size, as the process itself reports it.
 */
final class CrawlerBench implements Scenario {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CONCURRENCY = 16;
    private static final Pattern CRAWLER_RSS = Pattern.compile("peakRssKb=(\\d+)");
    private static final Pattern SCRAPY_RSS = Pattern.compile("peak_rss_kb (\\d+)");

    private final int lists;

    CrawlerBench(int lists) {
        this.lists = lists;
    }

    @Override
    public String name() {
        return "crawler";
    }

    /** What one crawl came to. */
    private record Crawl(double serverPagesPerSecond, double taskPagesPerSecond, long pages, long items,
            double peakMb, String status) {
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        try (BenchSite site = new BenchSite(lists)) {
            // Scrapy first, then the crawler, then the crawler alone with its frontier in memory.
            Crawl scrapy = crawl(platform, site, scrapySpider(platform, site), SCRAPY_RSS);
            Crawl crawler = crawl(platform, site, crawlerSpider(platform, site), CRAWLER_RSS);
            double alone = alone(site);
            String work = site.pages() + " pages (" + site.items() + " item pages), concurrency " + CONCURRENCY
                    + ", robots.txt off, no rate or delay; crawler: " + describe(crawler) + "; scrapy: " + describe(scrapy);
            return List.of(
                    new Figure(name(), "pages/s", crawler.serverPagesPerSecond(), scrapy.serverPagesPerSecond(),
                            ">= 3x Scrapy (the ceiling column is Scrapy)",
                            "first to last request as the site saw them; " + work),
                    new Figure(name(), "task pages/s", crawler.taskPagesPerSecond(), scrapy.taskPagesPerSecond(), "",
                            "pages over the task's started-to-finished time, process start-up and item storage included"),
                    new Figure(name(), "peak MB", crawler.peakMb(), scrapy.peakMb(), "",
                            "peak resident memory of the spider process (VmHWM / ru_maxrss); the ceiling column is Scrapy"),
                    new Figure(name() + " alone", "pages/s", crawler.serverPagesPerSecond(), alone, "",
                            "the ceiling column: the same crawler run on its own (CrawlerMain --local) with its frontier"
                                    + " in memory and its output thrown away, as the site saw it: what the shared"
                                    + " frontier and item storage cost"));
        }
    }

    /** The crawler program on its own, frontier in memory, output discarded: pages a second at the site. */
    private double alone(BenchSite site) throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("crawlyard-bench-crawler-");
        java.nio.file.Path jar = directory.resolve("collectors.jar");
        try (InputStream in = CrawlerBench.class.getResourceAsStream("/crawlyard-collectors/crawlyard-collectors.jar")) {
            java.nio.file.Files.copy(in, jar);
        }
        java.nio.file.Path config = directory.resolve("config.json");
        java.nio.file.Files.writeString(config, JSON.writeValueAsString(crawlerConfig(site)));
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        site.reset();
        Process process = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:+UseSerialGC", "-cp", jar.toString(),
                "dev.crawlyard.collectors.crawler.CrawlerMain", "--local", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the crawler alone did not finish");
        }
        return site.pagesPerSecond();
    }

    private static String describe(Crawl crawl) {
        return String.format(Locale.ROOT, "%s, %d requests, %d items", crawl.status(), crawl.pages(), crawl.items());
    }

    private Crawl crawl(Platform platform, BenchSite site, long spider, Pattern rss) {
        site.reset();
        long taskId = platform.run(spider);
        JsonNode task = platform.awaitEnd(taskId, Duration.ofMinutes(20));
        double seconds = platform.jdbc().queryForObject(
                "SELECT extract(epoch FROM finished_at - started_at) FROM tasks WHERE id = ?", Double.class, taskId);
        double peakKb = Double.NaN;
        for (String line : log(platform, taskId)) {
            Matcher matcher = rss.matcher(line);
            if (matcher.find()) {
                peakKb = Long.parseLong(matcher.group(1));
            }
        }
        long pages = site.requests();
        return new Crawl(site.pagesPerSecond(), pages / seconds, pages, task.get("items").asLong(), peakKb / 1024,
                task.get("status").asString());
    }

    private long crawlerSpider(Platform platform, BenchSite site) {
        JsonNode created = platform.post("/api/spiders", JSON.writeValueAsString(Map.of(
                "name", "bench-crawler-" + UUID.randomUUID(), "type", "crawler", "config", crawlerConfig(site))));
        return created.get("id").asLong();
    }

    static Map<String, Object> crawlerConfig(BenchSite site) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("startUrls", List.of(site.url()));
        config.put("itemPages", List.of(Map.of("pattern", "/item/\\d+$")));
        config.put("fields", Map.of(
                "name", Map.of("selector", "h1"),
                "price", Map.of("selector", ".price", "regex", "([0-9]+\\.[0-9]+)"),
                "tags", Map.of("selector", ".tag", "list", true)));
        config.put("maxPages", 1_000_000);
        config.put("concurrency", CONCURRENCY);
        config.put("obeyRobots", false);
        return config;
    }

    private long scrapySpider(Platform platform, BenchSite site) {
        String command = "/usr/bin/python3 -m scrapy runspider bench_spider.py -a start_url=" + site.url()
                + " -s CONCURRENT_REQUESTS=" + CONCURRENCY + " -s CONCURRENT_REQUESTS_PER_DOMAIN=" + CONCURRENCY
                + " -s ROBOTSTXT_OBEY=False -s LOG_LEVEL=WARNING -s TELNETCONSOLE_ENABLED=False"
                + " -s ITEM_PIPELINES='{\"crawlyard_scrapy.CrawlyardPipeline\": 900}'";
        return platform.spider(command, Map.of("bench_spider.py", resource("/bench/scrapy_bench.py")));
    }

    private static List<String> log(Platform platform, long taskId) {
        List<String> lines = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = platform.get("/api/tasks/" + taskId + "/logs?after=" + after + "&limit=1000");
            page.get("lines").forEach(line -> lines.add(line.get("line").asString()));
            if (page.get("lines").isEmpty() || page.get("complete").asBoolean()) {
                return lines;
            }
            after = page.get("next").asLong();
        }
    }

    private static String resource(String name) {
        try (InputStream in = CrawlerBench.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
