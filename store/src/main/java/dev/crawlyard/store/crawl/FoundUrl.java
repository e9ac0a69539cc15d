package dev.crawlyard.store.crawl;

/**
 * A URL an attempt found.
 *
 * @param url   absolute and normalised
 * @param depth links away from a start URL
 * @param state {@code queued} for a link to follow, {@code denied} for one robots.txt forbids,
 *              {@code done} for a redirect's target (fetched already)
 */
public record FoundUrl(String url, int depth, String state) {
}
