package dev.crawlyard.activities.schedules;

import dev.crawlyard.activities.TestNode;
import dev.crawlyard.planning.schedules.CronWorkflowBackend;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskFilter;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A time-skipping test environment with a node, the firing workflow and the schedule activities,
 * and the cron-workflow backend, the one the test server supports.
 */
final class TestSchedules implements AutoCloseable {

    /** Half a minute past an hour, so that the hour skipped from here holds exactly twelve five-minute firings. */
    static final Instant START = Instant.parse("2026-01-01T00:00:30Z");

    final TestWorkflowEnvironment environment;
    final ScheduleStore schedules;
    final CronWorkflowBackend backend;
    /** The firings whose runs paused their schedule, as the schedule activities told of them. */
    final List<String> autoPaused = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TaskStore tasks;
    private final TestRows rows;

    TestSchedules(Path workRoot) {
        JdbcClient jdbc = TestDatabase.shared().jdbcClient();
        environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setInitialTime(START).build());
        TestNode.register(environment, "node-s", workRoot, true);
        schedules = new ScheduleStore(jdbc);
        tasks = new TaskStore(jdbc);
        rows = new TestRows(jdbc);
        backend = new CronWorkflowBackend(environment.getWorkflowClient());
        TaskPlanner planner = new TaskPlanner(tasks, new TaskPlanner.Waits(TaskPolicy.DEFAULT_NODE_WAIT,
                Duration.ofSeconds(2), TaskPolicy.DEFAULT_HEARTBEAT_TIMEOUT));
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(
                ScheduledRunWorkflowImpl.class);
        environment.getWorkerFactory().getWorker(TaskQueues.WORKFLOWS).registerActivitiesImplementations(
                new ScheduleActivitiesImpl(schedules, new SpiderStore(jdbc), tasks, new NodeStore(jdbc), planner,
                        Duration.ofSeconds(15), () -> backend, (schedule, firing) -> autoPaused.add(firing)));
        environment.start();
    }

    /** A spider whose command is {@code command}, tried {@code attempts} times with this backoff. */
    Spider spider(String command, int attempts, Duration retryBackoff) {
        return rows.spider(command, Map.of(), new RunSettings(null, 0, attempts, retryBackoff, null, null, null));
    }

    /** A stored, started schedule of the spider on this cron, in UTC, with defaults otherwise. */
    Schedule schedule(Spider spider, String cron, int autoPauseAfter) {
        Schedule schedule = schedules.create(new ScheduleSettings(spider.id(), null, cron, "UTC", Map.of("p", "1"),
                Map.of(), null, List.of(), false, OverlapPolicy.SKIP, null, null, true, autoPauseAfter));
        backend.apply(schedule);
        return schedule;
    }

    List<Task> tasksOf(Schedule schedule) {
        return tasks.list(new TaskFilter(null, null, schedule.id()), 0, 1000).items();
    }

    /**
     * Skips {@code duration} of workflow time, then waits (in real time) for the firing in progress,
     * if any, to write its tasks, since the test server stops skipping while activities run.
     */
    void skip(Duration duration) throws InterruptedException {
        environment.sleep(duration);
        Thread.sleep(300);
    }

    @Override
    public void close() {
        environment.close();
    }
}
