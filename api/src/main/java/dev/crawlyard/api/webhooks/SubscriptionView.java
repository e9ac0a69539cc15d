package dev.crawlyard.api.webhooks;

import dev.crawlyard.store.webhooks.Subscription;
import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it. The secret is shown once, in the answer that creates it; null after.
 */
record SubscriptionView(long id, String url, List<String> events, Long spiderId, Long scheduleId, boolean enabled,
        String disabledReason, Instant createdAt, String secret) {

    static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id(), s.url(), s.events(), s.spiderId(), s.scheduleId(), s.enabled(),
                s.disabledReason(), s.createdAt(), null);
    }

    static SubscriptionView withSecret(Subscription s) {
        return new SubscriptionView(s.id(), s.url(), s.events(), s.spiderId(), s.scheduleId(), s.enabled(),
                s.disabledReason(), s.createdAt(), s.secret());
    }
}
