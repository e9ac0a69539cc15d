package dev.crawlyard.activities.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskSnapshot;
import dev.crawlyard.workflows.task.TaskStatus;
import dev.crawlyard.workflows.task.TaskWorkflow;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow under the time-skipping test environment, with the real activities: its steps,
 * its query, its handling of a cancel before any node took the task, and replay of its histories.
 * (The test server does not skip time while an activity is scheduled, so the bounded waits for a
 * node are shown in real time, in {@code TaskRunTest}.)
 */
class TaskWorkflowTest {

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;

    private TaskLauncher start(boolean withNode) {
        environment = TestWorkflowEnvironment.newInstance();
        TestNode.register(environment, "node-t", workRoot, withNode);
        environment.start();
        return new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void aTaskCancelledBeforeANodeTookItEndsCancelledWithoutAProcess() throws Exception {
        TaskLauncher launcher = start(false);
        Launched launched = launcher.launch("echo never", Map.of());
        TaskSnapshot pending = launched.workflow().query("snapshot", TaskSnapshot.class);
        assertThat(pending.status()).isEqualTo(TaskStatus.PENDING);

        launched.workflow().cancel();

        assertThatThrownBy(() -> launched.workflow().getResult(TaskOutcome.class))
                .isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(row.errorMessage()).isEqualTo("cancelled before a node took the task");
        record(launched, "cancelled-task.json");
        assertThat(row.startedAt()).isNull();
    }

    @Test
    void aTaskRunsThroughItsFourStepsOnTheNodeThatTookIt() {
        TaskLauncher launcher = start(true);
        Launched launched = launcher.launch("echo hi", Map.of("a/b.txt", "x"));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskStatus.FINISHED, "node-t", 0, null, null, null));
        assertThat(launched.workflow().query("snapshot", TaskSnapshot.class))
                .isEqualTo(new TaskSnapshot(TaskStatus.FINISHED, "node-t", 1));
        assertThat(workRoot.resolve("workspaces").resolve(Long.toString(launched.task().id())).resolve("a/b.txt"))
                .hasContent("x");
    }

    @Test
    void aFinishedTasksHistoryReplaysAgainstTheCurrentWorkflowCode() throws Exception {
        TaskLauncher launcher = start(true);
        Launched launched = launcher.launch("echo replay", Map.of());
        launched.workflow().getResult(TaskOutcome.class);
        String workflowId = launched.workflow().getExecution().getWorkflowId();

        WorkflowExecutionHistory history = environment.getWorkflowClient().fetchHistory(workflowId);
        WorkflowReplayer.replayWorkflowExecution(history, TaskWorkflowImpl.class);
        record(launched, "finished-task.json");
    }

    /**
     * With {@code -Dcrawlyard.recordHistories=<dir>}, keeps the history as a resource for
     * {@link #historiesRecordedByEarlierVersionsStillReplay}. Re-record only on purpose: a recorded
     * history that stops replaying means the change breaks running workflows.
     */
    private void record(Launched launched, String name) throws Exception {
        String directory = System.getProperty("crawlyard.recordHistories");
        if (directory != null) {
            String workflowId = launched.workflow().getExecution().getWorkflowId();
            Files.writeString(Path.of(directory, name),
                    environment.getWorkflowClient().fetchHistory(workflowId).toJson(true));
        }
    }

    @Test
    void historiesRecordedByEarlierVersionsStillReplay() throws Exception {
        environment = TestWorkflowEnvironment.newInstance();
        for (String name : new String[] {"finished-task.json", "cancelled-task.json"}) {
            WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + name, TaskWorkflowImpl.class);
        }
        assertThat(TaskWorkflow.class).isInterface();
    }

    /**
     * Every path of a task (and a schedule firing) as the workflow code before issue 13 ran it: a
     * workflow running when that change is deployed goes on the way it began.
     */
    @Test
    void everyPathRecordedBeforeIssue13StillReplays() throws Exception {
        environment = TestWorkflowEnvironment.newInstance();
        for (String path : new String[] {"finished", "error-with-retries", "timed-out", "cancelled-while-running",
                "lost-node", "lost-every-node", "pinned-node-unavailable", "reassigned"}) {
            WorkflowReplayer.replayWorkflowExecutionFromResource("histories/before-issue-13/" + path + ".json",
                    TaskWorkflowImpl.class);
        }
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/before-issue-13/scheduled-run.json",
                ScheduledRunWorkflowImpl.class);
        assertThat(TaskWorkflow.class).isInterface();
    }
}
