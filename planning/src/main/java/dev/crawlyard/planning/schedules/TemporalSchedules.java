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
import java.time.Duration;
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
                        .setCronExpressions(List.of(settings.cron()))
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
