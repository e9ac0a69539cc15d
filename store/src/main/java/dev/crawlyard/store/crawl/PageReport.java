package dev.crawlyard.store.crawl;

/**
 * What an attempt reports about a URL it leased.
 *
 * @param url     the leased URL
 * @param outcome {@code ok}, {@code http_error}, {@code network_error}, {@code too_large}, {@code denied}
 *                or {@code skipped}
 * @param status  the last HTTP status, 0 if none
 * @param bytes   body bytes read
 * @param millis  the last request's time
 * @param retries requests made again
 * @param itemUrl the URL of the page's item, or null if it has none
 */
public record PageReport(String url, String outcome, int status, long bytes, long millis, int retries,
        String itemUrl) {
}
