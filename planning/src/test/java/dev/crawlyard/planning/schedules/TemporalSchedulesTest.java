package dev.crawlyard.planning.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.workflows.schedule.ScheduledRun;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from a Crawlyard schedule to a Temporal Schedule, field by field. */
class TemporalSchedulesTest {

    private static dev.crawlyard.store.schedules.Schedule schedule(OverlapPolicy overlap, boolean enabled,
            boolean paused, String note) {
        ScheduleSettings settings = new ScheduleSettings(7, 3, "15 4 * * 1-5", "Europe/Paris", Map.of("a", "b"),
                Map.of("K", "v"), DispatchMode.SELECTED, List.of("n1"), true, overlap, 2, Duration.ofMinutes(5),
                enabled, 4);
        return new dev.crawlyard.store.schedules.Schedule(42, settings, paused, note, 0, Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void theSpecIsTheCronExpressionsCalendarInTheSchedulesTimeZone() {
        Schedule temporal = TemporalSchedules.of(schedule(OverlapPolicy.SKIP, true, false, null));

        // Calendars, not the cron string: the server would read the string with its own parser.
        assertThat(temporal.getSpec().getCronExpressions()).isNullOrEmpty();
        assertThat(temporal.getSpec().getCalendars()).singleElement().satisfies(calendar -> {
            assertThat(calendar.getMinutes()).containsExactly(new ScheduleRange(15, 15, 1));
            assertThat(calendar.getHour()).containsExactly(new ScheduleRange(4, 4, 1));
            assertThat(calendar.getDayOfWeek()).containsExactly(new ScheduleRange(1, 5, 1));
            assertThat(calendar.getDayOfMonth()).containsExactly(new ScheduleRange(1, 31, 1));
            assertThat(calendar.getComment()).isEqualTo("15 4 * * 1-5");
        });
        assertThat(temporal.getSpec().getTimeZoneName()).isEqualTo("Europe/Paris");
        assertThat(temporal.getSpec().getIntervals()).isNullOrEmpty();
    }

    @Test
    void eachOverlapPolicyMapsToTemporalsOfTheSameName() {
        Map<OverlapPolicy, ScheduleOverlapPolicy> expected = Map.of(
                OverlapPolicy.SKIP, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP,
                OverlapPolicy.BUFFER_ONE, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
                OverlapPolicy.BUFFER_ALL, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL,
                OverlapPolicy.CANCEL_OTHER, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER,
                OverlapPolicy.ALLOW_ALL, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
        assertThat(expected).hasSize(OverlapPolicy.values().length);
        expected.forEach((ours, theirs) -> assertThat(
                TemporalSchedules.of(schedule(ours, true, false, null)).getPolicy().getOverlap()).isEqualTo(theirs));
    }

    @Test
    void thePolicyLeavesFailureCountingToCrawlyardAndCatchesUpTenMinutes() {
        Schedule temporal = TemporalSchedules.of(schedule(OverlapPolicy.SKIP, true, false, null));

        assertThat(temporal.getPolicy().isPauseOnFailure()).isFalse();
        assertThat(temporal.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theStateIsPausedWithItsNoteWhenPausedOrDisabled() {
        assertThat(TemporalSchedules.of(schedule(OverlapPolicy.SKIP, true, false, null)).getState().isPaused())
                .isFalse();
        Schedule paused = TemporalSchedules.of(schedule(OverlapPolicy.SKIP, true, true, "maintenance"));
        assertThat(paused.getState().isPaused()).isTrue();
        assertThat(paused.getState().getNote()).isEqualTo("maintenance");
        Schedule disabled = TemporalSchedules.of(schedule(OverlapPolicy.SKIP, false, false, null));
        assertThat(disabled.getState().isPaused()).isTrue();
        assertThat(disabled.getState().getNote()).isEqualTo("disabled");
    }

    @Test
    void theActionStartsTheFiringWorkflowWithTheScheduleIdOnTheWorkflowQueue() {
        Schedule temporal = TemporalSchedules.of(schedule(OverlapPolicy.SKIP, true, false, null));

        ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) temporal.getAction();
        assertThat(action.getWorkflowType()).isEqualTo("ScheduledRunWorkflow");
        assertThat(action.getOptions().getWorkflowId()).isEqualTo("schedule-42");
        assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
        assertThat(action.getArguments().get(0, ScheduledRun.class, ScheduledRun.class))
                .isEqualTo(new ScheduledRun(42));
    }
}
