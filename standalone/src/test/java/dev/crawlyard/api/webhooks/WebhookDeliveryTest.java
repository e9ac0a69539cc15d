package dev.crawlyard.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks delivered by Temporal to a receiver on this machine (the test platform allows private
 * targets and retries after 200 ms, doubling up to 1 s): signed per Standard Webhooks, retried until
 * the receiver takes it, given up on a 410 with the subscription disabled, and sent again on request.
 */
class WebhookDeliveryTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonNode subscribe(String url, List<String> events, long spider) {
        var reply = api.post("/api/webhooks", ApiClient.json(Map.of("url", url, "events", events,
                "spider", Long.toString(spider))));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body();
    }

    @Test
    void aFinishedTaskReachesTheReceiverSignedWithTheSecretShownOnce() throws Exception {
        try (Receiver receiver = new Receiver(List.of())) {
            long spider = spider("echo done", Map.of());
            JsonNode subscription = subscribe(receiver.url(), List.of("task.finished"), spider);
            String secret = subscription.get("secret").asString();
            long id = subscription.get("id").asLong();
            assertThat(secret).startsWith("whsec_");
            assertThat(api.get("/api/webhooks/" + id).body().get("secret").isNull()).isTrue();

            long task = run(spider);
            awaitStatus(task, "finished");
            Receiver.Received received = receiver.next(WAIT);

            assertThat(received.id()).isEqualTo("task-" + task + "-finished");
            assertThat(Long.parseLong(received.timestamp()))
                    .isBetween(Instant.now().minusSeconds(300).getEpochSecond(), Instant.now().plusSeconds(5).getEpochSecond());
            assertThat(received.signature()).isEqualTo("v1," + hmac(secret, received.id() + "." + received.timestamp()
                    + "." + received.body()));
            JsonNode body = JSON.readTree(received.body());
            assertThat(body.get("type").asString()).isEqualTo("task.finished");
            assertThat(body.at("/data/taskId").asLong()).isEqualTo(task);
            assertThat(body.at("/data/status").asString()).isEqualTo("finished");
            assertThat(body.at("/data/spiderId").asLong()).isEqualTo(spider);
            assertThat(body.at("/data/links/task").asString()).endsWith("/api/tasks/" + task);

            JsonNode delivery = awaitDelivery(id, "delivered");
            assertThat(statusCodes(delivery)).containsExactly(200);

            // Redelivery sends the same event again, and the log numbers the attempt on.
            var again = api.post("/api/webhooks/" + id + "/deliveries/" + delivery.get("id").asLong() + "/redeliver", null);
            assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(202);
            Receiver.Received resent = receiver.next(WAIT);
            assertThat(resent.id()).isEqualTo(received.id());
            assertThat(resent.body()).isEqualTo(received.body());
            assertThat(awaitAttempts(id, 2).get("attempts").get(1).get("attempt").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheEventOnTheThirdAttempt() throws Exception {
        try (Receiver receiver = new Receiver(List.of(500, 500))) {
            long spider = spider("exit 3", Map.of());
            long id = subscribe(receiver.url(), List.of("task.error"), spider).get("id").asLong();

            long task = run(spider);
            awaitStatus(task, "error");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(receiver.next(WAIT).id());
            }

            assertThat(ids).containsOnly("task-" + task + "-error");
            JsonNode delivery = awaitDelivery(id, "delivered");
            assertThat(statusCodes(delivery)).containsExactly(500, 500, 200);
            assertThat(delivery.get("attempts").get(2).get("attempt").asInt()).isEqualTo(3);
        }
    }

    @Test
    void a410DisablesTheSubscriptionAndNothingMoreIsSent() throws Exception {
        try (Receiver receiver = new Receiver(List.of(410))) {
            long spider = spider("echo gone", Map.of());
            long id = subscribe(receiver.url(), List.of("task.finished"), spider).get("id").asLong();

            awaitStatus(run(spider), "finished");
            receiver.next(WAIT);
            JsonNode delivery = awaitDelivery(id, "gone");
            JsonNode subscription = api.get("/api/webhooks/" + id).body();

            assertThat(statusCodes(delivery)).containsExactly(410);
            assertThat(subscription.get("enabled").asBoolean()).isFalse();
            assertThat(subscription.get("disabledReason").asString()).contains("410");
            awaitStatus(run(spider), "finished");
            assertThat(receiver.maybeNext(Duration.ofSeconds(5))).as("a request after the 410").isNull();
        }
    }

    @Test
    void aSubscriptionToAnUnknownEventOrNotOverHttpIsRefusedAndNothingIsMade() {
        int before = api.get("/api/webhooks").body().size();

        var unknownEvent = api.post("/api/webhooks", ApiClient.json(Map.of("url", "http://127.0.0.1:9/hook",
                "events", List.of("task.exploded"))));
        var notHttp = api.post("/api/webhooks", ApiClient.json(Map.of("url", "file:///etc/passwd",
                "events", List.of("task.finished"))));

        assertThat(unknownEvent.status()).isEqualTo(400);
        assertThat(unknownEvent.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("events");
        assertThat(notHttp.status()).isEqualTo(400);
        assertThat(notHttp.body().get("message").asString()).contains("http");
        assertThat(api.get("/api/webhooks").body().size()).isEqualTo(before);
    }

    private JsonNode awaitDelivery(long subscription, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode deliveries = api.get("/api/webhooks/" + subscription + "/deliveries").body();
            if (deliveries.size() > 0 && deliveries.get(0).get("status").asString().equals(status)) {
                return deliveries.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivery became " + status + ": " + deliveries);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode awaitAttempts(long subscription, int attempts) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode delivery = api.get("/api/webhooks/" + subscription + "/deliveries").body().get(0);
            if (delivery.get("attempts").size() >= attempts) {
                return delivery;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the delivery did not reach " + attempts + " attempts: " + delivery);
            }
            Thread.sleep(100);
        }
    }

    private static List<Integer> statusCodes(JsonNode delivery) {
        List<Integer> codes = new ArrayList<>();
        delivery.get("attempts").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
        return codes;
    }

    /** The signature computed here, apart from the platform's code, as a receiver would check it. */
    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
