package dev.crawlyard.store.crawl;

/**
 * Where a crawl is.
 *
 * @param exhausted  nothing is queued and nothing is leased (or the page limit is reached and nothing is leased)
 * @param pagesDone  URLs fetched (or found denied) over all the crawl's tasks; null when not asked for
 * @param pagesKnown URLs fetched, leased or queued, capped at the page limit; null when not asked for
 */
public record CrawlProgress(boolean exhausted, Long pagesDone, Long pagesKnown) {
}
