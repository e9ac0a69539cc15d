package dev.crawlyard.store.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * One event sent to one subscription, with every attempt at it.
 *
 * @param eventId  the {@code webhook-id} header: the same on every attempt and redelivery
 * @param payload  the JSON body, fixed when the event happened
 * @param status   {@code pending}, {@code delivered}, {@code failed} (retries ran out) or {@code gone} (410)
 */
public record Delivery(long id, long subscriptionId, String eventId, String eventType, String payload, String status,
        Instant createdAt, Instant endedAt, List<Attempt> attempts) {

    /**
     * One try: when, what the receiver answered (or why there was no answer), and how long it took.
     *
     * @param statusCode the HTTP status, or null when there was none (refused, timed out)
     */
    public record Attempt(int attempt, Instant at, Integer statusCode, String error, long durationMillis) {
    }
}
