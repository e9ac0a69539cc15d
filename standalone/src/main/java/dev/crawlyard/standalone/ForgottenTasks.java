package dev.crawlyard.standalone;

import dev.crawlyard.planning.schedules.ScheduleBackends;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.tasks.TaskEndings;
import java.util.List;
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
            // The schedules' cron workflows were forgotten too: start them again from their rows.
            List<Schedule> all = schedules.list();
            all.forEach(backends.get()::apply);
            if (!all.isEmpty()) {
                log.info("started the cron workflows of {} schedules again", all.stream().filter(Schedule::active).count());
            }
        }
        running = true;
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
