package dev.crawlyard.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.nodes.NodeStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events that are not a task's: a schedule that pauses itself after failed runs, and a node that
 * stops reporting (announced once per time it goes away; the platform's offline window is 15 s, so
 * the workflow host looks every 5 s).
 */
class PlatformEventsTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Longer than one look of the workflow host, so that a second announcement would have come. */
    private static final Duration ONE_LOOK = Duration.ofSeconds(7);

    @Autowired
    NodeStore nodes;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aScheduleThatPausesItselfIsAnnouncedWithItsReason() throws Exception {
        try (Receiver receiver = new Receiver(List.of())) {
            long spider = spider("exit 4", Map.of());
            ApiClient.Reply schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                    "cron", "0 3 1 1 *", "autoPauseAfter", 1, "maxAttempts", 1)));
            assertThat(schedule.status()).as(String.valueOf(schedule.body())).isEqualTo(201);
            long scheduleId = schedule.body().get("id").asLong();
            long subscription = subscribe(Map.of("url", receiver.url(), "events", List.of("schedule.auto_paused"),
                    "scheduleId", scheduleId));

            assertThat(api.post("/api/schedules/" + scheduleId + "/trigger", null).status()).isEqualTo(202);
            Receiver.Received received = receiver.next(WAIT);

            JsonNode body = JSON.readTree(received.body());
            assertThat(body.get("type").asString()).isEqualTo("schedule.auto_paused");
            assertThat(body.at("/data/scheduleId").asLong()).isEqualTo(scheduleId);
            assertThat(body.at("/data/spiderId").asLong()).isEqualTo(spider);
            assertThat(body.at("/data/consecutiveFailures").asInt()).isEqualTo(1);
            assertThat(body.at("/data/note").asString()).isEqualTo("paused automatically after 1 consecutive failed runs");
            assertThat(received.id()).startsWith("schedule-" + scheduleId + "-auto_paused-");
            assertThat(api.get("/api/schedules/" + scheduleId).body().get("paused").asBoolean()).isTrue();
            assertThat(receiver.maybeNext(Duration.ofSeconds(2))).as("sent once").isNull();
            api.delete("/api/webhooks/" + subscription);
        }
    }

    @Test
    void aNodeThatStopsReportingIsAnnouncedOnceEachTimeItGoesAway() throws Exception {
        try (Receiver receiver = new Receiver(List.of())) {
            long subscription = subscribe(Map.of("url", receiver.url(), "events", List.of("node.offline")));
            String key = "gone-" + UUID.randomUUID();
            nodes.register(key, "host-a", "the node that goes", Map.of(), 2);
            setLastSeen(key, "now() - interval '1 minute'");

            String first = announcementOf(key, receiver);
            JsonNode body = JSON.readTree(first);
            assertThat(body.get("type").asString()).isEqualTo("node.offline");
            assertThat(body.at("/data/name").asString()).isEqualTo("the node that goes");
            assertThat(body.at("/data/offlineAfterSeconds").asLong()).isEqualTo(15);
            assertThat(body.at("/data/links/node").asString()).endsWith("/api/nodes/" + key);
            // Another look finds the node offline still, and says nothing more of it.
            Thread.sleep(ONE_LOOK.toMillis());
            assertThat(eventsOf(subscription, key)).hasSize(1);

            // It comes back, then goes quiet again: a second announcement, with an id of its own.
            setLastSeen(key, "now()");
            Thread.sleep(ONE_LOOK.toMillis());
            assertThat(eventsOf(subscription, key)).hasSize(1);
            setLastSeen(key, "now() - interval '30 seconds'");
            String second = announcementOf(key, receiver);
            assertThat(JSON.readTree(second).at("/data/lastSeenAt").asString())
                    .isNotEqualTo(body.at("/data/lastSeenAt").asString());
            assertThat(eventsOf(subscription, key)).hasSize(2).doesNotHaveDuplicates();
            api.delete("/api/webhooks/" + subscription);
        }
    }

    @Test
    void aNodeEventCannotBeNarrowedToASpiderOrSchedule() {
        long spider = spider("true", Map.of());
        ApiClient.Reply bySpider = api.post("/api/webhooks", ApiClient.json(Map.of("url", "http://127.0.0.1:9/x",
                "events", List.of("node.offline", "task.finished"), "spider", Long.toString(spider))));

        assertThat(bySpider.status()).isEqualTo(400);
        assertThat(bySpider.body().get("fieldErrors").get(0).get("message").asString())
                .contains("node.offline concerns no spider nor schedule");
    }

    private long subscribe(Map<String, Object> request) {
        ApiClient.Reply reply = api.post("/api/webhooks", ApiClient.json(request));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private void setLastSeen(String key, String when) {
        jdbc.sql("UPDATE nodes SET last_seen_at = " + when + " WHERE node_key = :key").param("key", key).update();
    }

    /** The body of the next announcement of this node (other tests' nodes may go offline meanwhile). */
    private static String announcementOf(String key, Receiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Receiver.Received received = receiver.maybeNext(Duration.ofSeconds(1));
            if (received != null && JSON.readTree(received.body()).at("/data/node").asString().equals(key)) {
                assertThat(received.id()).startsWith("node-" + key + "-offline-");
                return received.body();
            }
        }
        throw new AssertionError("node " + key + " was not announced offline within " + WAIT);
    }

    /** The event ids of the subscription's deliveries about this node. */
    private List<String> eventsOf(long subscription, String key) {
        List<String> ids = new ArrayList<>();
        api.get("/api/webhooks/" + subscription + "/deliveries?size=100").body().forEach(delivery -> {
            if (delivery.get("eventId").asString().startsWith("node-" + key + "-")) {
                ids.add(delivery.get("eventId").asString());
            }
        });
        return ids;
    }
}
