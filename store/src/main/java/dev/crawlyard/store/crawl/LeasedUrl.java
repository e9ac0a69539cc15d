package dev.crawlyard.store.crawl;

/**
 * A URL handed to an attempt, and when it may be fetched.
 *
 * @param url         the URL
 * @param depth       links away from a start URL
 * @param delayMillis how long to wait before fetching it (politeness)
 */
public record LeasedUrl(String url, int depth, long delayMillis) {
}
