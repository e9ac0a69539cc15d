package dev.crawlyard.store.crawl;

/**
 * The attempt no longer holds a lease on the crawl: it stopped calling in for longer than its
 * lease (and what it held went back to the queue), it ended, or a later attempt of its task took
 * over. Its reports must not be stored.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
