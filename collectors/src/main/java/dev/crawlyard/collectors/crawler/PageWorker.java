package dev.crawlyard.collectors.crawler;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fetches one leased URL and reads it: its outcome, its item and the links found on it. */
final class PageWorker {

    /**
     * A leased URL, done.
     *
     * @param result what the frontier is told
     * @param item   the page's item, or null
     * @param links  the URLs found: links to follow or denied, and redirect targets
     * @param note   a line for the log, or null
     */
    record Done(Frontier.PageResult result, Map<String, Object> item, List<Frontier.Link> links, String note) {
    }

    private final CrawlerConfig config;
    private final Fetcher fetcher;
    private final Robots robots;
    private final PageExtractor extractor;

    PageWorker(CrawlerConfig config, Fetcher fetcher, Robots robots, PageExtractor extractor) {
        this.config = config;
        this.fetcher = fetcher;
        this.robots = robots;
        this.extractor = extractor;
    }

    Done process(Frontier.Lease lease) throws InterruptedException {
        URI url = URI.create(lease.url());
        if (!config.allowsHost(url.getHost())) {
            return new Done(result(lease, "skipped", 0, null), null, List.of(), lease.url() + ": not an allowed domain");
        }
        if (!robots.allows(url)) {
            return new Done(result(lease, "denied", 0, null), null, List.of(), null);
        }
        Fetcher.Result fetched = fetcher.fetch(url, target -> {
            if (!config.allowsHost(target.getHost())) {
                return "skipped";
            }
            return robots.allows(target) ? null : "denied";
        });
        List<Frontier.Link> links = new ArrayList<>();
        for (String target : fetched.redirects()) {
            String normal = Urls.normalize(target);
            if (normal != null) {
                links.add(new Frontier.Link(normal, lease.depth(), Frontier.LinkKind.FETCHED));
            }
        }
        String note = fetched.detail() == null || fetched.outcome().equals("ok") ? null
                : lease.url() + ": " + fetched.outcome() + (fetched.status() > 0 ? " " + fetched.status() : "")
                        + " (" + fetched.detail() + ")";
        Map<String, Object> item = null;
        if (fetched.outcome().equals("ok")) {
            PageExtractor.Page page = extractor.read(fetched.finalUrl(), fetched.body(), fetched.contentType());
            int depth = lease.depth() + 1;
            if (config.maxDepth() == null || depth <= config.maxDepth()) {
                for (String link : page.links()) {
                    URI target = URI.create(link);
                    if (config.allowsHost(target.getHost())) {
                        links.add(new Frontier.Link(link, depth,
                                robots.allows(target) ? Frontier.LinkKind.FOLLOW : Frontier.LinkKind.DENIED));
                    }
                }
            }
            item = page.item();
            if (!page.missing().isEmpty()) {
                note = lease.url() + ": no item, the required fields " + page.missing() + " have no value";
            }
        }
        return new Done(new Frontier.PageResult(lease.url(), fetched.outcome(), fetched.status(), fetched.bytes(),
                fetched.millis(), fetched.retries(), item == null ? null : (String) item.get("url")),
                item, links, note);
    }

    private static Frontier.PageResult result(Frontier.Lease lease, String outcome, int status, String itemUrl) {
        return new Frontier.PageResult(lease.url(), outcome, status, 0, 0, 0, itemUrl);
    }
}
