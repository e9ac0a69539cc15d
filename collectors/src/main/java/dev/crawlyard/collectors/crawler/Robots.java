package dev.crawlyard.collectors.crawler;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The robots.txt rules of each origin the crawl touches, fetched once per task and parsed by
 * crawler-commons (RFC 9309: a missing robots.txt allows everything; one the server fails to serve
 * disallows everything).
 */
final class Robots {

    private final Fetcher fetcher;
    private final List<String> agents;
    private final boolean obey;
    private final ConcurrentMap<String, CompletableFuture<BaseRobotRules>> rules = new ConcurrentHashMap<>();

    Robots(Fetcher fetcher, CrawlerConfig config) {
        this.fetcher = fetcher;
        this.agents = List.of(config.robotsAgent().toLowerCase(java.util.Locale.ROOT));
        this.obey = config.obeyRobots();
    }

    /** Whether robots.txt lets the crawl fetch {@code url}; fetches the origin's robots.txt on first use. */
    boolean allows(URI url) {
        if (!obey) {
            return true;
        }
        String origin = Urls.origin(url);
        CompletableFuture<BaseRobotRules> mine = new CompletableFuture<>();
        CompletableFuture<BaseRobotRules> existing = rules.putIfAbsent(origin, mine);
        if (existing == null) {
            try {
                mine.complete(load(origin));
            } catch (RuntimeException e) {
                // Whatever went wrong, the threads waiting for these rules must not wait for ever.
                mine.complete(new SimpleRobotRulesParser().failedFetch(500));
            }
            existing = mine;
        }
        return existing.join().isAllowed(url.toString());
    }

    private BaseRobotRules load(String origin) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        String robotsUrl = origin + "/robots.txt";
        Fetcher.Result result = fetcher.fetchOnce(URI.create(robotsUrl));
        if (result.outcome().equals("ok")) {
            return parser.parseContent(robotsUrl, result.body(), result.contentType() == null ? "text/plain"
                    : result.contentType(), agents);
        }
        // 4xx: no rules; 5xx and no answer at all: disallow everything, as the RFC asks.
        return parser.failedFetch(result.status() == 0 ? 500 : result.status());
    }
}
