package dev.crawlyard.api.crawl;

import java.util.List;

/** The bodies of the crawl calls a crawler task makes with its task token. */
final class CrawlRequests {

    private CrawlRequests() {
    }

    /** {@code POST /api/v1/crawl/open}: an attempt joins its crawl, seeding it if it is new. */
    record Open(Integer attempt, List<String> startUrls) {
    }

    /** One fetched page. */
    record Page(String url, String outcome, Integer status, Long bytes, Long millis, Integer retries, String itemUrl) {
    }

    /** One URL found. */
    record Found(String url, Integer depth, String kind) {
    }

    /**
     * {@code POST /api/v1/crawl/exchange}: pages fetched and links found, for up to {@code want} more
     * URLs; the crawl's page counts if {@code counts}.
     */
    record Exchange(Integer attempt, List<Page> results, List<Found> links, Integer want, Boolean counts) {
    }

    /** {@code POST /api/v1/crawl/slot}: a politeness slot for one more request to a host (a retry). */
    record Slot(Integer attempt, String host) {
    }

    /** {@code POST /api/v1/crawl/finish}: the attempt is done; what it leased and did not report goes back. */
    record Finish(Integer attempt, List<String> unfetched) {
    }

    /** A URL to fetch after a delay. */
    record Lease(String url, int depth, long delayMillis) {
    }

    /** The answer to an exchange. */
    record Grant(List<String> refused, List<Lease> leases, boolean exhausted, Long pagesDone, Long pagesKnown) {
    }
}
