package dev.crawlyard.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.planning.schedules.CronSpec;
import dev.crawlyard.planning.schedules.ScheduleBackend;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import io.grpc.Status;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * The cron expressions that the API once stored and the embedded Temporal then refused (a 500
 * after a minute, and a platform that would not start again): a 400 at once, nothing stored.
 */
class ScheduleCronTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ScheduleStore scheduleStore;

    @Autowired
    SpiderService spiderService;

    @Autowired
    SpiderVersionStore versions;

    @Autowired
    NodeStore nodes;

    @Autowired
    PlatformTransactionManager transactions;

    private long rows() {
        return jdbc.sql("SELECT count(*) FROM schedules").query(Long.class).single();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4 *", "0 0 L * *", "0 0 ? * MON", "0 0 * * 1#2", "0 0 15W * *"})
    void anExpressionTheBackendWouldNotRunIsA400AtOnceAndNothingIsStored(String cron) {
        long spider = spider("true", Map.of());
        long before = rows();
        long started = System.nanoTime();

        ApiClient.Reply reply = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", cron)));

        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
        assertThat(reply.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("cron");
        assertThat(reply.body().toString()).doesNotContain("Exception");
        // Refused by the check, not after the Temporal client's minute of retries.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void bothDayFieldsFireOnEitherDayAndTheNextTimesSaySo() {
        long spider = spider("true", Map.of());

        ApiClient.Reply created = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 0 1 * 1")));

        assertThat(created.status()).isEqualTo(201);
        JsonNode next = api.get("/api/schedules/" + created.body().get("id").asLong() + "/next?count=40").body();
        List<Instant> times = next.valueStream().map(t -> Instant.parse(t.asString())).toList();
        assertThat(times).hasSize(40);
        // Mondays that are not the 1st, and 1sts that are not Mondays: with AND there would be neither.
        assertThat(times).anyMatch(t -> t.atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.MONDAY
                && t.atZone(ZoneOffset.UTC).getDayOfMonth() != 1);
        assertThat(times).anyMatch(t -> t.atZone(ZoneOffset.UTC).getDayOfWeek() != DayOfWeek.MONDAY
                && t.atZone(ZoneOffset.UTC).getDayOfMonth() == 1);
        assertThat(times).allMatch(t -> t.atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.MONDAY
                || t.atZone(ZoneOffset.UTC).getDayOfMonth() == 1);
        api.delete("/api/schedules/" + created.body().get("id").asLong());
    }

    /** A backend that refuses every schedule, as a Temporal server refusing a spec does. */
    private record Refusing(ScheduleBackend real) implements ScheduleBackend {

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public List<Refusal> refusals(ScheduleSettings settings, CronSpec cron) {
            return List.of();
        }

        @Override
        public void apply(Schedule schedule) {
            throw Status.INVALID_ARGUMENT.withDescription("the spec is not valid").asRuntimeException();
        }

        @Override
        public void pause(Schedule schedule, String note) {
        }

        @Override
        public void pauseFromFiring(Schedule schedule, String note) {
        }

        @Override
        public void unpause(Schedule schedule) {
        }

        @Override
        public void trigger(Schedule schedule) {
        }

        @Override
        public void backfill(Schedule schedule, Instant from, Instant to) {
        }

        @Override
        public void delete(long scheduleId) {
        }
    }

    @Test
    void aScheduleTheBackendRefusesIsA400AndIsNotStoredNorChanged() {
        long spider = spider("true", Map.of());
        ScheduleService real = new ScheduleService(scheduleStore, spiderService, versions, nodes,
                () -> new Refusing(null), transactions);
        long before = rows();

        ScheduleRequest request = new ScheduleRequest(Long.toString(spider), null, "0 3 * * *", "UTC", Map.of(),
                Map.of(), null, List.of(), null, null, null, null, null, null);
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.crawlyard.api.errors.ApiException.class, () -> real.create(request));

        assertThat(refused.status().value()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("refused the schedule");
        assertThat(rows()).isEqualTo(before);

        // A change it refuses leaves the row as it was.
        ApiClient.Reply created = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 3 * * *")));
        long id = created.body().get("id").asLong();
        ScheduleRequest change = new ScheduleRequest(Long.toString(spider), null, "0 4 * * *", "UTC", Map.of(),
                Map.of(), null, List.of(), null, null, null, null, null, null);
        var changeRefused = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.crawlyard.api.errors.ApiException.class, () -> real.update(id, change));
        assertThat(changeRefused.status().value()).isEqualTo(400);
        assertThat(api.get("/api/schedules/" + id).body().get("cron").asString()).isEqualTo("0 3 * * *");
        api.delete("/api/schedules/" + id);
    }
}
