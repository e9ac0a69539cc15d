package dev.crawlyard.planning.schedules;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.workflows.schedule.ScheduledRun;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflow;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules as Temporal cron workflows, for a server without the Schedules API. Each schedule is
 * one cron workflow, {@code schedule-<id>}, each of whose runs is one firing. Temporal starts the
 * next cron run only after the current one has ended, so overlapping firings are always skipped;
 * pausing ends the cron workflow and unpausing starts it again; backfill is not possible.
 */
public final class CronWorkflowBackend implements ScheduleBackend {

    private static final Logger log = LoggerFactory.getLogger(CronWorkflowBackend.class);

    /** The parser the embedded Temporal (io.temporal.internal.testservice.CronUtils) reads cron workflows with. */
    private static final CronParser UNIX_CRON =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final WorkflowClient client;

    public CronWorkflowBackend(WorkflowClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "cron-workflow";
    }

    /**
     * The embedded server reads a cron workflow's expression with cron-utils' Unix definition, in
     * UTC, and has no overlap policy but skipping; the expression must also parse there and fire
     * there, or the server fails the start (after a minute of retries) instead of refusing it.
     */
    @Override
    public List<Refusal> refusals(ScheduleSettings settings, CronSpec cron) {
        List<Refusal> refusals = new ArrayList<>();
        if (!"UTC".equals(settings.timeZone())) {
            refusals.add(new Refusal("timeZone", "this Temporal server has no Schedules API, and its cron workflows"
                    + " read cron in UTC; use UTC here, or a Temporal server with the Schedules API"));
        }
        if (settings.overlap() != OverlapPolicy.SKIP) {
            refusals.add(new Refusal("overlap", "this Temporal server has no Schedules API; its cron workflows can"
                    + " only skip overlapping firings"));
        }
        embeddedServerRefusal(cron.numeric()).ifPresent(why -> refusals.add(new Refusal("cron", why)));
        return refusals;
    }

    /** Why the embedded server's own parser would not run this expression, if it would not. */
    static Optional<String> embeddedServerRefusal(String cron) {
        try {
            Cron parsed = UNIX_CRON.parse(cron);
            if (ExecutionTime.forCron(parsed).nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
                return Optional.of("'" + cron + "' never fires");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + cron + "' is not read by this Temporal server's cron parser ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public void apply(Schedule schedule) {
        // A replaced schedule gets a new cron chain, because a running chain keeps its cron string.
        delete(schedule.id());
        if (!schedule.active()) {
            return;
        }
        ScheduledRunWorkflow firing = client.newWorkflowStub(ScheduledRunWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(Schedule.temporalId(schedule.id()))
                .setCronSchedule(cronString(schedule))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
        try {
            WorkflowClient.start(firing::run, new ScheduledRun(schedule.id()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            log.debug("the cron workflow of schedule {} was running already", schedule.id());
        }
    }

    /**
     * The cron string Temporal runs. The embedded server reads cron in UTC and does not understand
     * a {@code CRON_TZ=} prefix, so another zone is refused before a schedule reaches here.
     */
    static String cronString(Schedule schedule) {
        String zone = schedule.settings().timeZone();
        String cron = CronSpec.parse(schedule.settings().cron()).numeric();
        return "UTC".equals(zone) ? cron : "CRON_TZ=" + zone + " " + cron;
    }

    @Override
    public void pause(Schedule schedule, String note) {
        delete(schedule.id());
    }

    /**
     * Leaves the cron chain running: the caller is one of its runs, and ending the chain would end
     * the caller mid-activity. Its further firings find the row paused and make no task, until
     * unpausing replaces the chain.
     */
    @Override
    public void pauseFromFiring(Schedule schedule, String note) {
        log.info("schedule {} paused itself; its cron workflow stays, making no task until unpaused", schedule.id());
    }

    @Override
    public void unpause(Schedule schedule) {
        apply(schedule);
    }

    @Override
    public void trigger(Schedule schedule) {
        ScheduledRunWorkflow firing = client.newWorkflowStub(ScheduledRunWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(Schedule.temporalId(schedule.id()) + "-manual-" + UUID.randomUUID())
                .build());
        WorkflowClient.start(firing::run, new ScheduledRun(schedule.id()));
    }

    @Override
    public void backfill(Schedule schedule, Instant from, Instant to) {
        throw new UnsupportedOperationException("backfill needs a Temporal server with the Schedules API;"
                + " this platform runs schedules as cron workflows, which cannot fire for past times");
    }

    @Override
    public void delete(long scheduleId) {
        try {
            // Terminating ends the cron chain and the firing in progress, if any; that firing's
            // tasks run on (their parent close policy abandons them), but their outcome is not counted.
            client.newUntypedWorkflowStub(Schedule.temporalId(scheduleId)).terminate("schedule paused or changed");
        } catch (WorkflowNotFoundException e) {
            log.debug("schedule {} had no cron workflow running", scheduleId);
        }
    }
}
