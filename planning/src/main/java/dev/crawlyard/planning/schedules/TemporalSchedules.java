package dev.crawlyard.planning.schedules;

import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.workflows.schedule.ScheduledRun;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflow;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The mapping from a Crawlyard schedule to a Temporal Schedule, kept apart so that it is tested field by field. */
public final class TemporalSchedules {

    /**
     * A firing missed while the server was down is still run if the server comes back within
     * this window; older ones are dropped rather than run late in a burst.
     */
    static final Duration CATCHUP_WINDOW = Duration.ofMinutes(10);

    private TemporalSchedules() {
    }

    /** The Temporal Schedule of a Crawlyard schedule. */
    public static Schedule of(dev.crawlyard.store.schedules.Schedule schedule) {
        var settings = schedule.settings();
        return Schedule.newBuilder()
                .setSpec(ScheduleSpec.newBuilder()
                        .setCalendars(calendarsOf(CronSpec.parse(settings.cron())))
                        .setTimeZoneName(settings.timeZone())
                        .build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(overlapOf(settings.overlap()))
                        .setCatchupWindow(CATCHUP_WINDOW)
                        // Crawlyard counts failed runs itself (a firing whose tasks failed still
                        // completes), so Temporal's own pause-on-failure stays off.
                        .setPauseOnFailure(false)
                        .build())
                .setState(ScheduleState.newBuilder()
                        .setPaused(!schedule.active())
                        .setNote(noteOf(schedule))
                        .build())
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(ScheduledRunWorkflow.class)
                        .setArguments(new ScheduledRun(schedule.id()))
                        .setOptions(WorkflowOptions.newBuilder()
                                // Temporal appends the firing time to this id, one workflow per firing.
                                .setWorkflowId(dev.crawlyard.store.schedules.Schedule.temporalId(schedule.id()))
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                        .build())
                .build();
    }

    /**
     * The cron expression as Temporal calendars, each field its exact set of values. A cron string
     * would be read by the server's own parser, which takes both day fields as AND; a timestamp
     * matches a Schedule if it matches any of its calendars, so the classic OR of two restricted
     * day fields is two calendars, one for each.
     */
    public static List<ScheduleCalendarSpec> calendarsOf(CronSpec cron) {
        ScheduleCalendarSpec.Builder base = ScheduleCalendarSpec.newBuilder()
                .setSeconds(List.of(new ScheduleRange(0)))
                .setMinutes(ranges(cron.minutes()))
                .setHour(ranges(cron.hours()))
                .setMonth(ranges(cron.months()))
                .setComment(cron.text());
        if (cron.anyDayOfMonth() || cron.anyDayOfWeek()) {
            return List.of(base.setDayOfMonth(ranges(cron.daysOfMonth())).setDayOfWeek(ranges(cron.daysOfWeek()))
                    .build());
        }
        return List.of(
                ScheduleCalendarSpec.newBuilder(base.build()).setDayOfMonth(ranges(cron.daysOfMonth()))
                        .setDayOfWeek(ScheduleCalendarSpec.ALL_WEEK_DAYS).build(),
                ScheduleCalendarSpec.newBuilder(base.build()).setDayOfMonth(ScheduleCalendarSpec.ALL_MONTH_DAYS)
                        .setDayOfWeek(ranges(cron.daysOfWeek())).build());
    }

    /** A set of values as runs of consecutive values. */
    static List<ScheduleRange> ranges(BitSet values) {
        List<ScheduleRange> ranges = new ArrayList<>();
        for (int start = values.nextSetBit(0); start >= 0; ) {
            int end = values.nextClearBit(start) - 1;
            ranges.add(new ScheduleRange(start, end, 1));
            start = values.nextSetBit(end + 1);
        }
        return ranges;
    }

    static String noteOf(dev.crawlyard.store.schedules.Schedule schedule) {
        if (!schedule.settings().enabled()) {
            return "disabled";
        }
        return schedule.paused() ? schedule.pauseNote() == null ? "paused" : schedule.pauseNote() : "";
    }

    /** Crawlyard's overlap policy as Temporal's, one for one. */
    public static ScheduleOverlapPolicy overlapOf(OverlapPolicy overlap) {
        return switch (overlap) {
            case SKIP -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
            case BUFFER_ONE -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
            case BUFFER_ALL -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL;
            case CANCEL_OTHER -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER;
            case ALLOW_ALL -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
        };
    }
}
