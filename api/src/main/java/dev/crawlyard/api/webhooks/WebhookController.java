package dev.crawlyard.api.webhooks;

import dev.crawlyard.api.Paging;
import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.store.webhooks.Delivery;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/webhooks}: subscriptions to task events, their delivery logs, and redelivery. */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    ResponseEntity<SubscriptionView> create(@RequestBody SubscriptionRequest request) {
        SubscriptionView created = SubscriptionView.withSecret(webhooks.create(request));
        return ResponseEntity.created(URI.create("/api/webhooks/" + created.id())).body(created);
    }

    @GetMapping
    List<SubscriptionView> list(@AuthenticationPrincipal Caller caller) {
        return webhooks.list().stream().map(subscription -> SubscriptionView.of(subscription, caller)).toList();
    }

    @GetMapping("/{id}")
    SubscriptionView get(@PathVariable long id, @AuthenticationPrincipal Caller caller) {
        return SubscriptionView.of(webhooks.get(id), caller);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/enable")
    SubscriptionView enable(@PathVariable long id, @AuthenticationPrincipal Caller caller) {
        return SubscriptionView.of(webhooks.enable(id), caller);
    }

    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return webhooks.deliveries(id, page, size);
    }

    @PostMapping("/{id}/deliveries/{delivery}/redeliver")
    ResponseEntity<Delivery> redeliver(@PathVariable long id, @PathVariable long delivery) {
        return ResponseEntity.accepted().body(webhooks.redeliver(id, delivery));
    }
}
