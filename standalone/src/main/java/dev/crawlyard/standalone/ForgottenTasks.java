package dev.crawlyard.standalone;

import dev.crawlyard.planning.schedules.CronSpec;
import dev.crawlyard.planning.schedules.ScheduleBackend;
import dev.crawlyard.planning.schedules.ScheduleBackends;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.tasks.TaskEndings;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded Temporal keeps its workflows in memory, so after a restart of a standalone
 * platform the tasks that were still live have no workflow left to end them. They are ended as
 * {@code abnormal} before anything else starts, rather than left pending or running for ever, and
 * the schedules' cron workflows, forgotten as well, are started again from the schedules' rows.
 * With a real Temporal server nothing is done: its workflows survive restarts and end their tasks.
 */
@Component
class ForgottenTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ForgottenTasks.class);

    private final EmbeddedServices embedded;
    private final TaskEndings endings;
    private final ScheduleStore schedules;
    private final ScheduleBackends backends;
    private volatile boolean running;

    ForgottenTasks(EmbeddedServices embedded, TaskEndings endings, ScheduleStore schedules, ScheduleBackends backends) {
        this.embedded = embedded;
        this.endings = endings;
        this.schedules = schedules;
        this.backends = backends;
    }

    @Override
    public void start() {
        if (embedded.temporalAddress().isPresent()) {
            // Each through the one writer of a task's end: the guard, the open attempt closed, the counts set.
            int ended = endings.abandonLiveTasks(
                    "lost when the standalone platform stopped: its embedded Temporal keeps no state across restarts");
            if (ended > 0) {
                log.warn("ended {} tasks left over from before this start of the standalone platform", ended);
            }
            restartSchedules();
        }
        running = true;
    }

    /**
     * The schedules' cron workflows were forgotten too: they are started again from their rows, one
     * by one. A row that cannot be read or that the backend refuses does not stop the start: it is
     * marked with the reason (shown by the API as the schedule's {@code brokenReason}), logged and
     * skipped.
     */
    private void restartSchedules() {
        ScheduleBackend backend = backends.get();
        int started = 0;
        int broken = 0;
        for (long id : schedules.ids()) {
            try {
                Optional<Schedule> schedule = schedules.find(id);
                if (schedule.isEmpty()) {
                    continue;
                }
                // Checked first: the embedded server answers some expressions it cannot run only
                // after a minute of retries, and every start would wait for each such row.
                var settings = schedule.get().settings();
                var refusals = backend.refusals(settings, CronSpec.parse(settings.cron()));
                if (!refusals.isEmpty()) {
                    throw new IllegalArgumentException(refusals.getFirst().field() + ": "
                            + refusals.getFirst().message());
                }
                backend.apply(schedule.get());
                if (schedule.get().brokenReason() != null) {
                    schedules.markBroken(id, null);
                }
                started += schedule.get().active() ? 1 : 0;
            } catch (RuntimeException e) {
                broken++;
                String reason = "not started again at the platform's start: " + describe(e);
                log.warn("schedule {} is broken and skipped: {}", id, reason);
                schedules.markBroken(id, reason);
            }
        }
        if (started > 0 || broken > 0) {
            log.info("started the cron workflows of {} schedules again; {} broken", started, broken);
        }
    }

    private static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the node's workers and the web server start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
