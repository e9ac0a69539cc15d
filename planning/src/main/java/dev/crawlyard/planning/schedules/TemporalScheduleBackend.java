package dev.crawlyard.planning.schedules;

import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schedules as Temporal Schedules, on a server with the Schedules API: every feature, every overlap policy. */
public final class TemporalScheduleBackend implements ScheduleBackend {

    private static final Logger log = LoggerFactory.getLogger(TemporalScheduleBackend.class);

    private final ScheduleClient client;

    public TemporalScheduleBackend(ScheduleClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "temporal-schedules";
    }

    /** Every zone, policy and expression: the calendars made from the expression are its exact times. */
    @Override
    public List<Refusal> refusals(ScheduleSettings settings, CronSpec cron) {
        return List.of();
    }

    @Override
    public void apply(Schedule schedule) {
        io.temporal.client.schedules.Schedule temporal = TemporalSchedules.of(schedule);
        try {
            client.createSchedule(Schedule.temporalId(schedule.id()), temporal, ScheduleOptions.newBuilder().build());
        } catch (ScheduleAlreadyRunningException e) {
            log.debug("schedule {} exists on Temporal; updating it", schedule.id());
            handle(schedule.id()).update(input -> new ScheduleUpdate(temporal));
        }
    }

    @Override
    public void pause(Schedule schedule, String note) {
        handle(schedule.id()).pause(note == null ? "paused" : note);
    }

    @Override
    public void pauseFromFiring(Schedule schedule, String note) {
        pause(schedule, note);
    }

    @Override
    public void unpause(Schedule schedule) {
        handle(schedule.id()).unpause("unpaused");
    }

    @Override
    public void trigger(Schedule schedule) {
        // A manual trigger always runs, beside a run in progress if there is one.
        handle(schedule.id()).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
    }

    @Override
    public void backfill(Schedule schedule, Instant from, Instant to) {
        handle(schedule.id()).backfill(List.of(new ScheduleBackfill(from, to,
                TemporalSchedules.overlapOf(schedule.settings().overlap()))));
    }

    @Override
    public void delete(long scheduleId) {
        try {
            handle(scheduleId).delete();
        } catch (io.temporal.client.schedules.ScheduleException e) {
            log.debug("schedule {} had no Temporal Schedule to delete", scheduleId);
        }
    }

    /** The next times the schedule will fire, as Temporal plans them. */
    public List<Instant> nextFireTimes(long scheduleId) {
        return handle(scheduleId).describe().getInfo().getNextActionTimes();
    }

    private ScheduleHandle handle(long scheduleId) {
        return client.getHandle(Schedule.temporalId(scheduleId));
    }
}
