package dev.crawlyard.activities.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.store.InjectedFailures;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.schedule.FiringTasks;
import dev.crawlyard.workflows.schedule.StartRunRequest;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A schedule firing makes all its tasks or none: a firing retried after a database failure part-way
 * makes the whole set, never fewer tasks than nodes.
 */
class ScheduleFiringTest {

    private final JdbcClient jdbc = TestDatabase.shared().jdbcClient();
    private final TaskStore tasks = new TaskStore(jdbc);
    private final ScheduleStore schedules = new ScheduleStore(jdbc);
    private final ScheduleActivitiesImpl activities = new ScheduleActivitiesImpl(schedules, new SpiderStore(jdbc),
            tasks, new NodeStore(jdbc), new TaskPlanner(tasks, new TaskPlanner.Waits(TaskPolicy.DEFAULT_NODE_WAIT,
                    Duration.ofSeconds(2), TaskPolicy.DEFAULT_HEARTBEAT_TIMEOUT)), Duration.ofSeconds(15), () -> null,
            (schedule, firing) -> { });

    @Test
    void aFiringThatFailedPartWayMakesAllItsTasksWhenItIsRetried() {
        Spider spider = new TestRows(jdbc).spider("true");
        Schedule schedule = schedules.create(new ScheduleSettings(spider.id(), null, "0 3 * * *", "UTC", Map.of(),
                Map.of(), DispatchMode.SELECTED, List.of("node-1", "node-2", "node-3"), false, OverlapPolicy.SKIP,
                null, null, true, 10));
        String firing = "schedule-" + schedule.id() + "/" + UUID.randomUUID();
        new InjectedFailures(jdbc).failFirstInsert(firing, "node-2");
        StartRunRequest request = new StartRunRequest(schedule.id(), firing);

        assertThatThrownBy(() -> activities.startRun(request)).isInstanceOf(DataAccessException.class);
        assertThat(tasks.findByRunKey(firing)).isEmpty();
        FiringTasks retried = activities.startRun(request);
        FiringTasks again = activities.startRun(request);

        assertThat(retried.tasks()).extracting(task -> task.dispatch().pinnedNode())
                .containsExactly("node-1", "node-2", "node-3");
        assertThat(again.tasks()).extracting(TaskRequest::taskId)
                .isEqualTo(retried.tasks().stream().map(TaskRequest::taskId).toList());
        assertThat(tasks.findByRunKey(firing)).hasSize(3);
    }
}
