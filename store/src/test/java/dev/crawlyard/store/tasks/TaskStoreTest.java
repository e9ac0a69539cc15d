package dev.crawlyard.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final TaskStore tasks = new TaskStore(database.jdbcClient());

    @Test
    void aTaskMovesForwardAndRecordsItsNodeExitCodeAndTimes() {
        Task task = rows.pendingTask(rows.spider("true"));
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);

        tasks.transition(task.id(), TaskStatus.PREPARING, TaskChange.onNode("node-a"));
        Task running = tasks.transition(task.id(), TaskStatus.RUNNING, TaskChange.NONE);
        Task ended = tasks.transition(task.id(), TaskStatus.ERROR,
                new TaskChange(null, 3, StopMode.NONE, ErrorKind.SPIDER, "exited with code 3"));

        assertThat(running.startedAt()).isNotNull();
        assertThat(ended.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(ended.nodeKey()).isEqualTo("node-a");
        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.errorKind()).isEqualTo(ErrorKind.SPIDER);
        assertThat(ended.finishedAt()).isNotNull();
    }

    @Test
    void theGuardRefusesSkippingAheadAndLeavingATerminalStatus() {
        Task task = rows.pendingTask(rows.spider("true"));

        assertThatThrownBy(() -> tasks.transition(task.id(), TaskStatus.FINISHED, TaskChange.NONE))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("from pending to finished");

        tasks.transition(task.id(), TaskStatus.CANCELLED, TaskChange.NONE);
        assertThatThrownBy(() -> tasks.transition(task.id(), TaskStatus.PREPARING, TaskChange.onNode("late")))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(tasks.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(tasks.find(task.id()).orElseThrow().nodeKey()).isNull();
    }

    @Test
    void repeatingATransitionIsHarmless() {
        Task task = rows.pendingTask(rows.spider("true"));
        tasks.transition(task.id(), TaskStatus.PREPARING, TaskChange.onNode("node-a"));

        Task again = tasks.transition(task.id(), TaskStatus.PREPARING, TaskChange.onNode("node-a"));

        assertThat(again.status()).isEqualTo(TaskStatus.PREPARING);
    }

    @Test
    void listingFiltersBySpiderAndStatusNewestFirst() {
        Spider spider = rows.spider("true");
        Task first = rows.pendingTask(spider);
        Task second = rows.pendingTask(spider);
        rows.pendingTask(rows.spider("true"));
        tasks.transition(first.id(), TaskStatus.CANCELLED, TaskChange.NONE);

        var all = tasks.list(new TaskFilter(spider.id(), null), 0, 10);
        var cancelled = tasks.list(new TaskFilter(spider.id(), TaskStatus.CANCELLED), 0, 10);
        var firstPage = tasks.list(new TaskFilter(spider.id(), null), 0, 1);

        assertThat(all.items()).extracting(Task::id).containsExactly(second.id(), first.id());
        assertThat(all.total()).isEqualTo(2);
        assertThat(cancelled.items()).extracting(Task::id).containsExactly(first.id());
        assertThat(firstPage.items()).extracting(Task::id).containsExactly(second.id());
        assertThat(firstPage.total()).isEqualTo(2);
    }
}
