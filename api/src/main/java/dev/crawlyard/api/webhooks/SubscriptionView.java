package dev.crawlyard.api.webhooks;

import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.webhooks.Subscription;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it. The secret is shown once, in the answer that creates it; null
 * after. A viewer sees only the target's origin ({@code https://hooks.example.com/…}): a webhook URL
 * often is a credential itself (a chat service's incoming-webhook path, a token in the query).
 */
record SubscriptionView(long id, String url, List<String> events, Long spiderId, Long scheduleId, boolean enabled,
        String disabledReason, Instant createdAt, String secret) {

    static SubscriptionView of(Subscription s, Caller caller) {
        boolean viewer = !(caller instanceof Caller.TokenHolder holder) || holder.role() == TokenRole.VIEWER;
        return new SubscriptionView(s.id(), viewer ? originOf(s.url()) : s.url(), s.events(), s.spiderId(),
                s.scheduleId(), s.enabled(), s.disabledReason(), s.createdAt(), null);
    }

    /** {@code scheme://host[:port]/…}: where deliveries go, without what may be a secret. */
    static String originOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
    }

    static SubscriptionView withSecret(Subscription s) {
        return new SubscriptionView(s.id(), s.url(), s.events(), s.spiderId(), s.scheduleId(), s.enabled(),
                s.disabledReason(), s.createdAt(), s.secret());
    }
}
