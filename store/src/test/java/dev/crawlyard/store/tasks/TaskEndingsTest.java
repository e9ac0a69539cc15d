package dev.crawlyard.store.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's end goes through the guard once, closes its attempts and sets its counts from its rows. */
class TaskEndingsTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TestRows rows = new TestRows(database);
    private final TaskStore tasks = new TaskStore(database.jdbcClient());
    private final AttemptStore attempts = new AttemptStore(database.jdbcClient());
    private final TaskEndings endings = new TaskEndings(tasks, attempts);

    @Test
    void abandoningLiveTasksEndsTheirOpenAttemptsAndLeavesEndedTasksAlone() {
        Spider spider = rows.spider("true");
        Task running = rows.pendingTask(spider);
        tasks.claim(running.id(), 1, "node-a");
        tasks.transition(running.id(), TaskStatus.RUNNING, TaskChange.onNode("node-a"));
        new ItemStore(database.jdbcClient(), database.jdbcTemplate()).append(running.id(), 1, spider.id(),
                DedupMode.IGNORE, List.of(new ItemRow(1, null, "{}")));
        Task pending = rows.pendingTask(spider);
        Task finished = rows.pendingTask(spider);
        tasks.claim(finished.id(), 1, "node-a");
        tasks.transition(finished.id(), TaskStatus.RUNNING, TaskChange.NONE);
        endings.end(finished.id(), TaskStatus.FINISHED, new TaskChange(null, 0, null, null, null));

        endings.abandonLiveTasks("lost in a restart");

        Task abandoned = tasks.find(running.id()).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(abandoned.errorKind()).isEqualTo(ErrorKind.SYSTEM);
        assertThat(abandoned.errorMessage()).isEqualTo("lost in a restart");
        assertThat(abandoned.finishedAt()).isNotNull();
        assertThat(abandoned.progress().items()).isEqualTo(1);
        Attempt attempt = attempts.list(running.id()).getFirst();
        assertThat(attempt.endedAt()).isNotNull();
        assertThat(attempt.outcome()).isEqualTo("lost");
        assertThat(attempt.error()).isEqualTo("lost in a restart");
        assertThat(tasks.find(pending.id()).orElseThrow().status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(tasks.find(finished.id()).orElseThrow().status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(attempts.list(finished.id()).getFirst().outcome()).isEqualTo("exited");
    }

    @Test
    void anAttemptsEndIfOpenRecordsOnlyTheFirstEnd() {
        Task task = rows.pendingTask(rows.spider("true"));
        tasks.claim(task.id(), 1, "node-a");

        boolean first = attempts.endIfOpen(task.id(), 1, "stopped", null, "cancelled before the process started");
        boolean second = attempts.endIfOpen(task.id(), 1, "lost", null, "node node-a stopped during this attempt");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        Attempt attempt = attempts.list(task.id()).getFirst();
        assertThat(attempt.outcome()).isEqualTo("stopped");
        assertThat(attempt.error()).isEqualTo("cancelled before the process started");
        assertThat(attempts.endIfOpen(task.id(), 2, "lost", null, "no such attempt")).isFalse();
    }

    @Test
    void aSecondEndIsRefusedByTheGuardAndTheFirstStays() {
        Task task = rows.pendingTask(rows.spider("true"));
        endings.end(task.id(), TaskStatus.CANCELLED, TaskChange.onNode(null).withError(null, "cancelled"));

        var second = endings.end(task.id(), TaskStatus.ABNORMAL, TaskChange.onNode(null).withError(ErrorKind.SYSTEM,
                "late"));

        assertThat(second).isEmpty();
        Task row = tasks.find(task.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(row.errorMessage()).isEqualTo("cancelled");
    }

    @Test
    void anEndOfATaskWithNoRowRecordsNothingAndThrowsNothing() {
        long missing = database.jdbcClient().sql("SELECT COALESCE(max(id), 0) + 1000 FROM tasks").query(Long.class)
                .single();

        assertThat(endings.end(missing, TaskStatus.ERROR, TaskChange.onNode(null).withError(ErrorKind.CONFIG,
                "not the API's"))).isEmpty();

        assertThat(tasks.find(missing)).isEmpty();
        assertThat(attempts.list(missing)).isEmpty();
    }

    @Test
    void aClaimAfterTheTaskEndedIsRefused() {
        Task task = rows.pendingTask(rows.spider("true"));
        tasks.claim(task.id(), 1, "node-a");
        endings.end(task.id(), TaskStatus.CANCELLED, TaskChange.NONE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.claim(task.id(), 2, "node-b"))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(attempts.list(task.id())).extracting(Attempt::outcome).containsExactly("stopped");
    }
}
