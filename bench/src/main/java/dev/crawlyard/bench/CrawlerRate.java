package dev.crawlyard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The crawler's politeness over a group: one crawler spider with {@code rate} 10 and {@code burst} 1
 * run on three worker nodes at once, sharing its frontier, three times; item pages a second as the
 * site saw them (from the first item page to the last, when the frontier holds more than the rate
 * lets through), beside the rate configured. Three worker JVMs of its own; the platform's own node is
 * disabled meanwhile.
 */
final class CrawlerRate implements Scenario {

    private static final List<String> KEYS = List.of("rate-a", "rate-b", "rate-c");
    private static final double RATE = 10;

    private final int runs;

    CrawlerRate(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        Path jar = Path.of("worker-host", "target", "crawlyard-worker-host-exec.jar");
        if (!Files.exists(jar)) {
            return List.of(new Figure("crawler rate over 3 nodes", "pages/s", Double.NaN, RATE, "",
                    "not measured: run from the repository root after a build (" + jar + " is missing)"));
        }
        Path root = Files.createTempDirectory("crawlyard-bench-rate-");
        Map<String, Process> nodes = ClusterScenario.startNodes(platform, jar, root, KEYS);
        try (BenchSite site = new BenchSite(2)) {
            Map<String, Object> config = CrawlerBench.crawlerConfig(site);
            config.put("rate", RATE);
            config.put("burst", 1);
            config.put("concurrency", 8);
            List<Double> measured = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long spider = platform.post("/api/spiders", CrawlerBench.JSON.writeValueAsString(Map.of(
                        "name", "bench-rate-" + UUID.randomUUID(), "type", "crawler", "config", config)))
                        .get("id").asLong();
                site.reset();
                JsonNode started = platform.post("/api/spiders/" + spider + "/run", "{\"mode\": \"all\"}");
                List<String> statuses = new ArrayList<>();
                for (JsonNode task : started.get("tasks")) {
                    JsonNode ended = platform.awaitEnd(task.get("id").asLong(), Duration.ofMinutes(5));
                    String status = ended.get("status").asString();
                    statuses.add(status.equals("finished") ? status
                            : status + " (" + ended.path("errorMessage").asString("") + ")");
                }
                measured.add(site.itemPagesPerSecond());
                described.add(String.format(Locale.ROOT, "%.2f (all pages %.2f; %s; %d requests; tasks %s)",
                        site.itemPagesPerSecond(), site.pagesPerSecond(), site.itemGaps(), site.requests(), statuses));
            }
            Stats stats = Stats.of(measured);
            return List.of(new Figure("crawler rate over 3 nodes", "pages/s", stats.p50(), RATE,
                    "within 10% of the rate", String.format(Locale.ROOT, "median of %d runs: %s; rate %.0f and burst"
                            + " 1 (concurrency 8) on all 3 nodes sharing the frontier, over a local site of %d pages;"
                            + " item pages a second as the site saw them, first to last (the home page and the first"
                            + " listing come one after the other before the frontier fills); the ceiling column is the"
                            + " rate configured", runs, described, RATE, site.pages())));
        } finally {
            ClusterScenario.stopNodes(platform, nodes);
        }
    }
}
