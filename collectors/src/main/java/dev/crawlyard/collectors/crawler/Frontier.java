package dev.crawlyard.collectors.crawler;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The crawl's queue of URLs and its seen-set, shared by every task of the run. The crawler trades
 * what it fetched for more to fetch, one batch at a time; whatever it leased and did not report
 * goes back to the queue when its lease runs out.
 */
interface Frontier {

    /** Puts the start URLs in the queue unless the crawl has begun already (a retried attempt). */
    void open(List<String> startUrls) throws IOException;

    /**
     * Reports fetched pages and the links found on them, and leases up to {@code want} URLs.
     * A page reported whose URL is no longer leased to this attempt is refused: its item must not
     * be stored. The page counts of the grant are filled in only if {@code counts} asks for them
     * (they cost the shared frontier a count of its rows).
     */
    Grant exchange(List<PageResult> results, List<Link> links, int want, boolean counts) throws IOException;

    /** Reserves a politeness slot for one more request to {@code host} (a retry); the wait before it. */
    long slot(String host) throws IOException;

    /** Gives back URLs leased and not fetched and ends this attempt's part in the crawl. */
    void finish(List<String> unfetched) throws IOException;

    /** A URL to fetch, after {@code delayMillis} (the rate and the host's delay). */
    record Lease(String url, int depth, long delayMillis) {
    }

    /**
     * The answer to an exchange.
     *
     * @param refused    reported URLs this attempt no longer holds
     * @param leases     URLs to fetch now
     * @param exhausted  nothing is queued and nothing is leased by anyone: the crawl is over
     * @param pagesDone  pages the crawl has fetched, over all its tasks (-1 if not asked for)
     * @param pagesKnown pages it has fetched, leased or queued, within its page limit (-1 if not asked for)
     */
    record Grant(Set<String> refused, List<Lease> leases, boolean exhausted, long pagesDone, long pagesKnown) {
    }

    /**
     * What fetching a leased URL came to.
     *
     * @param url     the leased URL
     * @param outcome {@code ok}, {@code http_error}, {@code network_error}, {@code too_large},
     *                {@code denied} (robots.txt), {@code skipped} (a redirect off the allowed domains)
     * @param status  the last HTTP status, or 0 if there was none
     * @param bytes   body bytes read
     * @param millis  time of the last request, headers and body
     * @param retries requests made again after a failure
     * @param itemUrl the URL the item carries (the page's URL after redirects), or null for no item
     */
    record PageResult(String url, String outcome, int status, long bytes, long millis, int retries, String itemUrl) {
    }

    /**
     * A URL found while fetching.
     *
     * @param url   normalised and absolute
     * @param depth links away from a start URL
     * @param kind  what the frontier does with it
     */
    record Link(String url, int depth, LinkKind kind) {
    }

    /** What a found URL is. */
    enum LinkKind {
        /** A link to queue. */
        FOLLOW,
        /** A link robots.txt denies: kept as seen, never fetched. */
        DENIED,
        /** A redirect's target, fetched already under the URL that redirected to it. */
        FETCHED
    }
}
