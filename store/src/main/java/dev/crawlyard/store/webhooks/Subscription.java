package dev.crawlyard.store.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription: where events go, which of them, for what.
 *
 * @param secret         the signing secret ({@code whsec_...}); shown to the subscriber once, at creation
 * @param events         the event types it wants, e.g. {@code task.finished}
 * @param spiderId       only events of this spider's tasks, or null
 * @param scheduleId     only events of this schedule's tasks, or null; with neither, every task's events
 * @param disabledReason why it was disabled (the receiver answered 410 Gone), or null
 */
public record Subscription(long id, String url, String secret, List<String> events, Long spiderId, Long scheduleId,
        boolean enabled, String disabledReason, Instant createdAt) {
}
