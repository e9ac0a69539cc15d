package dev.crawlyard.activities.webhooks;

import dev.crawlyard.planning.webhooks.WebhookProperties;
import dev.crawlyard.planning.webhooks.WebhookSignature;
import dev.crawlyard.planning.webhooks.WebhookTargets;
import dev.crawlyard.store.webhooks.Delivery;
import dev.crawlyard.store.webhooks.Subscription;
import dev.crawlyard.store.webhooks.WebhookStore;
import dev.crawlyard.workflows.webhooks.WebhookActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a webhook delivery, signed per Standard Webhooks, and records each attempt in the delivery log.
 * Redirects are not followed (they could lead into a private network), and the target is checked
 * again before each attempt.
 */
public final class WebhookActivitiesImpl implements WebhookActivities {

    private static final Logger log = LoggerFactory.getLogger(WebhookActivitiesImpl.class);

    private final WebhookStore store;
    private final WebhookProperties properties;
    private final WebhookTargets targets;
    private final MeterRegistry registry;
    private final HttpClient http;

    public WebhookActivitiesImpl(WebhookStore store, WebhookProperties properties, MeterRegistry registry) {
        this.store = store;
        this.properties = properties;
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(long deliveryId) {
        Delivery delivery = store.findDelivery(deliveryId).orElse(null);
        Subscription subscription = delivery == null ? null : store.find(delivery.subscriptionId()).orElse(null);
        if (subscription == null || !subscription.enabled()) {
            // Deleted, or disabled since (a 410): nothing to send, and nothing to retry.
            count("skipped");
            return;
        }
        String refusal = targets.refusal(subscription.url());
        if (refusal != null) {
            store.recordAttempt(deliveryId, null, "not sent: the URL " + refusal, 0);
            store.setDeliveryStatus(deliveryId, "failed");
            count("refused");
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url()))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Crawlyard-Webhooks")
                .header("webhook-id", delivery.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(subscription.secret(), delivery.eventId(), timestamp,
                        delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                .build();
        long started = System.nanoTime();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            int attempt = store.recordAttempt(deliveryId, null, e.toString(), elapsedMillis(started));
            count("retried");
            throw ApplicationFailure.newFailure("attempt " + attempt + " of delivery " + deliveryId
                    + " got no answer: " + e, "webhook-unanswered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "webhook-interrupted");
        }
        int attempt = store.recordAttempt(deliveryId, status, null, elapsedMillis(started));
        if (status >= 200 && status < 300) {
            store.setDeliveryStatus(deliveryId, "delivered");
            count("delivered");
            return;
        }
        if (status == 410) {
            store.setEnabled(subscription.id(), false, "the receiver answered 410 Gone to delivery " + deliveryId);
            store.setDeliveryStatus(deliveryId, "gone");
            log.info("webhook subscription {} disabled: its receiver answered 410 Gone", subscription.id());
            count("gone");
            return;
        }
        count("retried");
        throw ApplicationFailure.newFailure("attempt " + attempt + " of delivery " + deliveryId + " was answered "
                + status, "webhook-status-" + status);
    }

    @Override
    public void giveUp(long deliveryId) {
        store.setDeliveryStatus(deliveryId, "failed");
        count("failed");
    }

    private void count(String outcome) {
        Counter.builder("crawlyard.webhook.deliveries").description("Webhook delivery attempts and ends, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
