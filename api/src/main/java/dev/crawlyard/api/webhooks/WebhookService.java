package dev.crawlyard.api.webhooks;

import dev.crawlyard.api.Bounds;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.planning.webhooks.WebhookEvents;
import dev.crawlyard.planning.webhooks.WebhookProperties;
import dev.crawlyard.planning.webhooks.WebhookSignature;
import dev.crawlyard.planning.webhooks.WebhookTargets;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.webhooks.Delivery;
import dev.crawlyard.store.webhooks.Subscription;
import dev.crawlyard.store.webhooks.WebhookStore;
import java.util.List;
import org.springframework.stereotype.Service;

/** Webhook subscriptions and their delivery logs. */
@Service
class WebhookService {

    private final WebhookStore store;
    private final WebhookEvents events;
    private final SpiderService spiders;
    private final ScheduleStore schedules;
    private final WebhookTargets targets;

    WebhookService(WebhookStore store, WebhookEvents events, SpiderService spiders, ScheduleStore schedules,
            WebhookProperties properties) {
        this.store = store;
        this.events = events;
        this.spiders = spiders;
        this.schedules = schedules;
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
    }

    Subscription create(SubscriptionRequest request) {
        FieldErrors errors = new FieldErrors();
        String url = request.url() == null ? "" : request.url().trim();
        errors.text("url", url, Bounds.MAX_WEBHOOK_URL_LENGTH);
        if (url.length() <= Bounds.MAX_WEBHOOK_URL_LENGTH && url.indexOf('\0') < 0) {
            String refusal = url.isEmpty() ? "required" : targets.refusal(url);
            errors.require(refusal == null, "url", refusal);
        }
        List<String> given = request.events() == null ? List.of() : request.events();
        errors.require(!given.isEmpty(), "events", "required: one or more of " + WebhookEvents.EVENTS);
        errors.require(given.size() <= Bounds.MAX_WEBHOOK_EVENTS, "events",
                "must be at most " + Bounds.MAX_WEBHOOK_EVENTS + " entries, not " + given.size());
        errors.require(!given.contains(null), "events", "must not contain null");
        List<String> wanted = given.stream().filter(java.util.Objects::nonNull).distinct().toList();
        // Named back in the message, so each is cut short: an event is never longer than 20 characters.
        List<String> unknown = wanted.stream().filter(event -> !WebhookEvents.EVENTS.contains(event))
                .limit(Bounds.MAX_WEBHOOK_EVENTS)
                .map(event -> event.length() > 40 ? event.substring(0, 40) + "..." : event).toList();
        errors.require(unknown.isEmpty(), "events", "unknown " + unknown + ": the events are " + WebhookEvents.EVENTS);
        boolean narrowed = (request.spider() != null && !request.spider().isBlank()) || request.scheduleId() != null;
        errors.require(!narrowed || !wanted.contains(WebhookEvents.NODE_OFFLINE), "events",
                WebhookEvents.NODE_OFFLINE + " concerns no spider nor schedule: subscribe to it without them");
        errors.text("spider", request.spider(), Bounds.MAX_SPIDER_REF_LENGTH);
        errors.range("scheduleId", request.scheduleId(), 1, Long.MAX_VALUE);
        errors.throwIfAny();
        Long spiderId = request.spider() == null || request.spider().isBlank() ? null : spiders.find(request.spider()).id();
        if (request.scheduleId() != null && schedules.find(request.scheduleId()).isEmpty()) {
            throw ApiException.notFound("no schedule with id " + request.scheduleId());
        }
        return store.create(url, WebhookSignature.newSecret(), wanted, spiderId, request.scheduleId());
    }

    List<Subscription> list() {
        return store.list();
    }

    Subscription get(long id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("no webhook subscription with id " + id));
    }

    void delete(long id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("no webhook subscription with id " + id);
        }
    }

    /** Turns a subscription on again, e.g. after its receiver answered 410 and has come back. */
    Subscription enable(long id) {
        get(id);
        store.setEnabled(id, true, null);
        return get(id);
    }

    List<Delivery> deliveries(long id, int page, int size) {
        get(id);
        return store.deliveries(id, page, size);
    }

    Delivery redeliver(long id, long deliveryId) {
        Subscription subscription = get(id);
        Delivery delivery = store.findDelivery(deliveryId).filter(d -> d.subscriptionId() == id)
                .orElseThrow(() -> ApiException.notFound("no delivery " + deliveryId + " of subscription " + id));
        if (!subscription.enabled()) {
            throw ApiException.conflict("the subscription is disabled (" + subscription.disabledReason()
                    + "): enable it first with POST /api/webhooks/" + id + "/enable");
        }
        events.redeliver(delivery.id());
        return store.findDelivery(deliveryId).orElseThrow();
    }
}
