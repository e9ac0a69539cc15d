package dev.crawlyard.store.crawl;

/**
 * One attempt of one task working on a crawl's frontier.
 *
 * @param frontierId the crawl's frontier
 * @param taskId     the task
 * @param attempt    its attempt
 */
public record CrawlHolder(long frontierId, long taskId, int attempt) {
}
