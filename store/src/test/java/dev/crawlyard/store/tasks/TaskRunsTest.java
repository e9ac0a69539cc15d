package dev.crawlyard.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.InjectedFailures;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.ContainerSpec;
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
    void aRunsTasksAreMadeWithTheirContainerAndARetryKeepsTheFirstOne() {
        Spider spider = rows.spider("true");
        String run = "run-" + UUID.randomUUID();
        ContainerSpec image = new ContainerSpec("crawlyard/busybox:1", null, "none", 0.5, 64L, 32,
                List.of(new ContainerSpec.Mount("/srv/cache", "/cache", true)));
        ContainerSpec other = new ContainerSpec("crawlyard/other:2", null, null, null, null, null, null);

        List<Task> made = tasks.createRun(run, inContainer(onNodes(spider, "node-1", "node-2"), image));
        List<Task> again = tasks.createRun(run, inContainer(onNodes(spider, "node-1", "node-2"), other));

        assertThat(made).extracting(Task::container).containsExactly(image, image);
        assertThat(again).extracting(Task::container).containsExactly(image, image);
        assertThat(tasks.find(made.getFirst().id()).orElseThrow().container()).isEqualTo(image);
        assertThat(rows.pendingTask(spider).container()).isNull();
        // What the column holds is the spec's JSON, as the container runner's rows have always had it.
        assertThat(database.jdbcClient().sql("SELECT container ->> 'image' FROM tasks WHERE id = :id")
                .param("id", made.getLast().id()).query(String.class).single()).isEqualTo("crawlyard/busybox:1");
    }

    private static List<NewTask> inContainer(List<NewTask> run, ContainerSpec container) {
        return run.stream().map(task -> new NewTask(task.spiderId(), task.command(), task.params(), task.env(),
                task.runtimeLimit(), task.memoryLimitBytes(), task.maxAttempts(), task.dispatchMode(),
                task.pinnedNode(), task.reassign(), task.groupId(), task.spiderVersion(), task.scheduleId(),
                task.runKey(), container)).toList();
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
