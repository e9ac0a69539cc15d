package dev.crawlyard.planning.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Schedules backend against a real Temporal server, at CRAWLYARD_TEST_TEMPORAL_ADDRESS
 * (host:port); skipped without one, since the embedded test server has no Schedules API.
 */
class TemporalScheduleBackendTest {

    @Test
    void aScheduleBecomesATemporalScheduleThatPausesUnpausesAndIsDeleted() {
        String address = System.getenv("CRAWLYARD_TEST_TEMPORAL_ADDRESS");
        assumeTrue(address != null && !address.isBlank(),
                "CRAWLYARD_TEST_TEMPORAL_ADDRESS is not set: no real Temporal server to test the Schedules backend on");
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        try {
            ScheduleBackend backend = new ScheduleBackends(WorkflowClient.newInstance(stubs)).get();
            assertThat(backend).isInstanceOf(TemporalScheduleBackend.class);
            long id = 900_000_000L + (System.nanoTime() % 1_000_000);
            Schedule schedule = new Schedule(id, new ScheduleSettings(1, null, "0 3 * * *", "Europe/Paris", Map.of(),
                    Map.of(), null, List.of(), false, OverlapPolicy.BUFFER_ONE, null, null, true, 10), false, null, 0,
                    Instant.now(), Instant.now());

            backend.apply(schedule);
            ScheduleClient client = ScheduleClient.newInstance(stubs);
            ScheduleDescription described = client.getHandle(Schedule.temporalId(id)).describe();
            assertThat(described.getSchedule().getSpec().getTimeZoneName()).isEqualTo("Europe/Paris");
            assertThat(((TemporalScheduleBackend) backend).nextFireTimes(id)).isNotEmpty();

            // The server fires when CronSpec says: the classic OR of the two day fields included.
            Schedule either = new Schedule(id + 1, new ScheduleSettings(1, null, "0 0 1 * 1", "UTC", Map.of(),
                    Map.of(), null, List.of(), false, OverlapPolicy.SKIP, null, null, true, 10), false, null, 0,
                    Instant.now(), Instant.now());
            backend.apply(either);
            List<Instant> planned = ((TemporalScheduleBackend) backend).nextFireTimes(id + 1);
            assertThat(planned).isNotEmpty();
            assertThat(planned).isEqualTo(CronSpec.parse("0 0 1 * 1")
                    .nextTimes(planned.getFirst().minusSeconds(1), java.time.ZoneOffset.UTC, planned.size()));
            backend.delete(id + 1);

            backend.pause(schedule, "maintenance");
            described = client.getHandle(Schedule.temporalId(id)).describe();
            assertThat(described.getSchedule().getState().isPaused()).isTrue();
            assertThat(described.getSchedule().getState().getNote()).isEqualTo("maintenance");
            backend.unpause(schedule);
            assertThat(client.getHandle(Schedule.temporalId(id)).describe().getSchedule().getState().isPaused())
                    .isFalse();

            backend.delete(id);
            assertThat(client.listSchedules().map(s -> s.getScheduleId()).toList())
                    .doesNotContain(Schedule.temporalId(id));
        } finally {
            stubs.shutdownNow();
        }
    }
}
