package dev.crawlyard.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/schedules} against the embedded test server, which gets the cron-workflow backend. */
class ScheduleApiTest extends ApiTestBase {

    private int scheduleCount() {
        return api.get("/api/schedules").body().size();
    }

    @Test
    void badInputIsA400ThatSaysWhatIsWrongAndCreatesNothing() {
        long spider = spider("true", Map.of());
        int before = scheduleCount();

        ApiClient.Reply badCron = api.post("/api/schedules",
                ApiClient.json(Map.of("spider", Long.toString(spider), "cron", "*/5 * * *")));
        ApiClient.Reply badZone = api.post("/api/schedules",
                ApiClient.json(Map.of("spider", Long.toString(spider), "cron", "*/5 * * * *", "timeZone", "Mars/Base")));
        ApiClient.Reply unknownSpider = api.post("/api/schedules",
                ApiClient.json(Map.of("spider", "no-such-spider-here", "cron", "*/5 * * * *")));

        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.body().toString()).contains("cron").contains("has 4 fields");
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.body().toString()).contains("'Mars/Base' is not an IANA time zone");
        assertThat(unknownSpider.status()).isEqualTo(400);
        assertThat(unknownSpider.body().toString()).contains("no spider with id or name 'no-such-spider-here'");
        assertThat(scheduleCount()).isEqualTo(before);
    }

    @Test
    void aCreatedScheduleIsListedWithItsBackendAndNextFireTimesAndCanBeDeleted() {
        long spider = spider("true", Map.of());

        ApiClient.Reply created = api.post("/api/schedules",
                ApiClient.json(Map.of("spider", Long.toString(spider), "cron", "0 3 * * *")));

        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.body().get("backend").asString()).isEqualTo("cron-workflow");
        assertThat(created.body().get("autoPauseAfter").asInt()).isEqualTo(10);
        ApiClient.Reply next = api.get("/api/schedules/" + id + "/next?count=3");
        assertThat(next.body().size()).isEqualTo(3);
        assertThat(next.body().get(0).asString()).endsWith("T03:00:00Z");
        ApiClient.Reply backfill = api.post("/api/schedules/" + id + "/backfill",
                ApiClient.json(Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z")));
        assertThat(backfill.status()).isEqualTo(409);
        assertThat(backfill.body().toString()).contains("Schedules API");

        ApiClient.Reply paused = api.post("/api/schedules/" + id + "/pause", ApiClient.json(Map.of("note", "holiday")));
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        assertThat(paused.body().get("pauseNote").asString()).isEqualTo("holiday");

        assertThat(api.delete("/api/schedules/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/schedules/" + id).status()).isEqualTo(404);
    }
}
