package dev.crawlyard.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.InjectedFailures;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.DispatchMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/** A run's tasks are made all together or not at all, and a retried run gets the same ones back. */
class TaskRunsTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final TaskStore tasks = new TaskStore(database.jdbcClient());

    private static List<NewTask> onNodes(Spider spider, String... nodes) {
        UUID group = UUID.randomUUID();
        return java.util.Arrays.stream(nodes).map(node -> new NewTask(spider.id(), spider.command(), Map.of("p", "1"),
                Map.of(), Duration.ZERO, 0, 1, DispatchMode.SELECTED, node, false, group, null, null, null)).toList();
    }

    @Test
    void aRunWhoseThirdTaskFailsToInsertMakesNoneAndItsRetryMakesAll() {
        Spider spider = rows.spider("true");
        String run = "run-" + UUID.randomUUID();
        new InjectedFailures(database.jdbcClient()).failFirstInsert(run, "node-3");

        assertThatThrownBy(() -> tasks.createRun(run, onNodes(spider, "node-1", "node-2", "node-3")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("injected failure");
        assertThat(tasks.findByRunKey(run)).isEmpty();

        List<Task> made = tasks.createRun(run, onNodes(spider, "node-1", "node-2", "node-3"));

        assertThat(made).extracting(Task::pinnedNode).containsExactly("node-1", "node-2", "node-3");
        assertThat(made).allSatisfy(task -> assertThat(task.params()).isEqualTo(Map.of("p", "1")));
        assertThat(tasks.findByRunKey(run)).isEqualTo(made);
    }

    @Test
    void aRunMadeAgainGetsItsTasksBackAndMakesNoMore() {
        Spider spider = rows.spider("true");
        String run = "run-" + UUID.randomUUID();
        List<Task> first = tasks.createRun(run, onNodes(spider, "node-1", "node-2"));

        List<Task> again = tasks.createRun(run, onNodes(spider, "node-1", "node-2", "node-3"));

        assertThat(again).isEqualTo(first);
        assertThat(tasks.findByRunKey(run)).hasSize(2);
    }

    @Test
    void tasksOutsideAnyRunAreEachNew() {
        Spider spider = rows.spider("true");

        Task one = rows.pendingTask(spider);
        Task two = rows.pendingTask(spider);

        assertThat(one.id()).isNotEqualTo(two.id());
        assertThat(one.attempt()).isZero();
    }
}
