package dev.crawlyard.store.crawl;

/**
 * What a task's attempts fetched for its crawl, from the frontier's rows (so a page counts once
 * however many attempts the task took).
 *
 * @param pagesFetched    pages that got an HTTP answer
 * @param status2xx       of those, by the class of their last status
 * @param status3xx       redirects not followed
 * @param status4xx       client errors
 * @param status5xx       server errors left after the retries
 * @param networkErrors   pages that got no answer after the retries
 * @param tooLarge        pages whose body was over the size limit
 * @param robotsDenied    URLs robots.txt forbade (never requested)
 * @param bytes           body bytes read
 * @param items           pages that gave an item
 * @param retries         requests made again after a 5xx, a 429 or a network error
 * @param meanFetchMillis the mean time of a page's last request
 * @param p95FetchMillis  its 95th percentile
 */
public record CrawlStats(long pagesFetched, long status2xx, long status3xx, long status4xx, long status5xx,
        long networkErrors, long tooLarge, long robotsDenied, long bytes, long items, long retries,
        double meanFetchMillis, double p95FetchMillis) {
}
