package dev.crawlyard.activities.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code task-<id>} workflow started on the platform's queues by anyone but the API (anyone who
 * reaches Temporal can) runs nothing: each node step holds its input against the rows the API
 * wrote, and the task ends in error, saying so. The commands here would leave a marker file where
 * any spider may write, so a step that ran one would show.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ForeignWorkflowTest {

    @TempDir
    Path workRoot;

    @TempDir
    Path scratch;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final TestRows rows = new TestRows(TestDatabase.shared().jdbcClient());
    private Path marker;

    @BeforeEach
    void start() {
        environment = TestNode.realTime("node-x", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
        marker = TestNode.openToSpiders(scratch).resolve("marker");
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    void aWorkflowWithACommandOfItsOwnForAPendingTaskDoesNotRunItAndEndsTheTaskInError() {
        Spider spider = rows.spider("echo the real spider");
        Task task = rows.pendingTask(spider);

        TaskOutcome outcome = foreign(task, new TaskRequest(task.id(), spider.id(), "touch " + marker, Map.of(),
                Map.of(), Map.of(), TaskLauncher.QUICK, ItemPolicy.NONE, null, null, null));

        assertThat(marker).doesNotExist();
        assertRefused(outcome, task, "command");
    }

    @Test
    void theTasksOwnCommandWithAnEnvironmentOfItsOwnIsRefusedToo() {
        Spider spider = rows.spider("echo $INJECTED > " + marker);
        Task task = rows.pendingTask(spider);

        TaskOutcome outcome = foreign(task, new TaskRequest(task.id(), spider.id(), spider.command(), Map.of(),
                Map.of(), Map.of("INJECTED", "yes", "LD_PRELOAD", "/tmp/evil.so"), TaskLauncher.QUICK,
                ItemPolicy.NONE, null, null, null));

        assertThat(marker).doesNotExist();
        assertRefused(outcome, task, "environment");
    }

    @Test
    void anInstallCommandOfItsOwnIsRefusedBeforeItRuns() {
        Spider spider = rows.spider("echo the real spider");
        Task task = rows.pendingTask(spider);

        TaskOutcome outcome = foreign(task, new TaskRequest(task.id(), spider.id(), spider.command(), Map.of(),
                Map.of(), Map.of(), TaskLauncher.QUICK, ItemPolicy.NONE, null, null, "touch " + marker));

        assertThat(marker).doesNotExist();
        assertRefused(outcome, task, "install command");
    }

    @Test
    void inlineFilesAreRefusedBeforeTheyAreWritten() {
        Spider spider = rows.spider("python3 spider.py");
        Task task = rows.pendingTask(spider);

        TaskOutcome outcome = foreign(task, new TaskRequest(task.id(), spider.id(), spider.command(),
                Map.of("spider.py", "open('" + marker + "', 'w')\n"), Map.of(), Map.of(), TaskLauncher.QUICK,
                ItemPolicy.NONE, null, null, null));

        assertThat(marker).doesNotExist();
        assertThat(workRoot.resolve("workspaces").resolve(Long.toString(task.id()))).doesNotExist();
        assertRefused(outcome, task, "inline files");
    }

    @Test
    void aWorkflowForATaskThatDoesNotExistRunsNothingAndEnds() {
        Spider spider = rows.spider("true");
        long noSuchTask = Long.MAX_VALUE - System.nanoTime() % 1_000_000;

        Launched launched = launcher.start(null, new TaskRequest(noSuchTask, spider.id(), "touch " + marker,
                Map.of(), Map.of(), Map.of(), TaskLauncher.QUICK, ItemPolicy.NONE, null, null, null));
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(marker).doesNotExist();
        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorMessage()).contains("there is no task " + noSuchTask)
                .contains("not started by the Crawlyard API");
    }

    @Test
    void theApisOwnRequestStillRuns() throws Exception {
        Spider spider = rows.spider("echo ran > " + marker);

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);

        assertThat(launched.workflow().getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(Files.readString(marker)).isEqualTo("ran\n");
    }

    private TaskOutcome foreign(Task task, TaskRequest request) {
        return launcher.start(task, request).workflow().getResult(TaskOutcome.class);
    }

    private void assertRefused(TaskOutcome outcome, Task task, String what) {
        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONFIG);
        Task row = launcher.row(task.id());
        assertThat(row.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(row.errorMessage()).contains("refused").contains(what)
                .contains("a workflow not started by the Crawlyard API runs nothing");
    }
}
