package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks run end to end through the real workflow, the real activities, real processes and a real
 * database, on a Temporal test server in real time (processes run in real time too).
 */
class TaskRunTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());

    @BeforeEach
    void startEnvironment() {
        start(true);
    }

    private void start(boolean withNode) {
        environment = TestNode.realTime("node-a", workRoot, withNode);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void aPythonSpiderThatExitsZeroFinishesWithItsLinesInOrder() {
        String spider = """
                import sys
                for i in range(500):
                    print(f"page {i}")
                print("done", file=sys.stderr)
                """;
        Launched launched = launcher.launch("python3 spider.py", Map.of("spider.py", spider));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(row.exitCode()).isZero();
        assertThat(row.nodeKey()).isEqualTo("node-a");
        assertThat(row.startedAt()).isNotNull();
        assertThat(row.finishedAt()).isAfterOrEqualTo(row.startedAt());
        assertThat(row.progress().logLines()).isEqualTo(501);
        List<LogLine> lines = logs.page(row.id(), 0, 1000);
        assertThat(lines.stream().filter(l -> l.stream() == LogStream.STDOUT).map(LogLine::line))
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "page " + i).toList());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.stream()).isEqualTo(LogStream.STDERR);
            assertThat(l.line()).isEqualTo("done");
        });
    }

    @Test
    void aSpiderThatExitsThreeEndsInErrorWithExitCodeThree() {
        Launched launched = launcher.launch("python3 -c 'import sys; print(\"failing\"); sys.exit(3)'", Map.of());

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(row.exitCode()).isEqualTo(3);
        assertThat(row.errorKind()).isEqualTo(ErrorKind.SPIDER);
        assertThat(row.errorMessage()).contains("exited with code 3");
        assertThat(logs.page(row.id(), 0, 10)).extracting(LogLine::line).containsExactly("failing");
    }

    @Test
    void theSpiderFindsTheProtocolEnvironmentItsConfigFileAndItsOwnVariables() {
        String spider = """
                import json, os
                print("task", os.environ["CRAWLYARD_TASK_ID"], os.environ["CRAWLAB_TASK_ID"], os.environ["TASK_EXECUTION_ID"])
                print("node", os.environ["CRAWLYARD_NODE"])
                print("mood", os.environ["SPIDER_MOOD"])
                print("greeting", json.load(open(os.environ["CRAWLYARD_CONFIG"]))["params"]["greeting"])
                print("output dir exists", os.path.isdir(os.environ["CRAWLYARD_OUTPUT_DIR"]))
                print("platform settings hidden", not any(k.startswith("SPRING_") for k in os.environ))
                """;
        Launched launched = launcher.launch("python3 env.py", Map.of("env.py", spider));

        assertThat(launched.workflow().getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);

        long id = launched.task().id();
        assertThat(logs.page(id, 0, 10)).extracting(LogLine::line).containsExactly(
                "task " + id + " " + id + " " + id, "node node-a", "mood keen", "greeting hello",
                "output dir exists True", "platform settings hidden True");
    }

    @Test
    void aCancelledSleepingSpiderEndsCancelledAndItsForkedChildIsGone() throws Exception {
        String spider = """
                import subprocess, time
                child = subprocess.Popen(["sleep", "300"])
                print("child", child.pid, flush=True)
                time.sleep(300)
                """;
        Launched launched = launcher.launch("python3 sleeper.py", Map.of("sleeper.py", spider));
        long id = launched.task().id();
        launcher.awaitStatus(id, TaskStatus.RUNNING, WAIT);
        long childPid = awaitChildPid(id);
        assertThat(ProcessTable.isRunning(childPid)).isTrue();

        launched.workflow().cancel();

        assertThatThrownBy(() -> launched.workflow().getResult(TaskOutcome.class))
                .isInstanceOf(WorkflowFailedException.class);
        Task row = launcher.awaitStatus(id, TaskStatus.CANCELLED, WAIT);
        // It does not read the cancel message; SIGTERM ended it after the notice period.
        assertThat(row.stopMode()).isEqualTo(StopMode.TERMINATED);
        assertThat(row.errorMessage()).isEqualTo("cancelled while running");
        assertThat(ProcessTable.isRunning(childPid)).isFalse();
    }

    @Test
    void aChildThatLeftTheSpidersSessionIsKilledOnceTheTaskEnds() throws Exception {
        assumeTrue(RunnerUsers.currentUid() == 0, "only root runs spiders as runner users, whose leftovers are killed");
        // Its own session and group, no stdio of the spider's: only its runner user ties it to the task.
        String spider = """
                import subprocess
                child = subprocess.Popen(["sleep", "300"], start_new_session=True, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                print("child", child.pid, flush=True)
                """;
        Launched launched = launcher.launch("python3 escaper.py", Map.of("escaper.py", spider));
        long id = launched.task().id();

        launcher.awaitStatus(id, TaskStatus.FINISHED, WAIT);

        long childPid = awaitChildPid(id);
        assertThat(ProcessTable.isRunning(childPid)).as("the child that left the session").isFalse();
    }

    @Test
    void aSpiderPastItsRuntimeLimitIsStoppedAndEndsTimedOut() {
        Launched launched = launcher.launch("echo started; sleep 60", Map.of(),
                new TaskPolicy(Duration.ofSeconds(1), 0, 1, null, null, Duration.ofSeconds(2), null));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(row.stopMode()).isEqualTo(StopMode.TERMINATED);
        assertThat(row.errorMessage()).contains("runtime limit of 1s");
    }

    @Test
    void aFilePathThatEscapesTheWorkspaceEndsTheTaskInAConfigErrorAndWritesNothing() {
        // Uploads refuse such paths, so the version is written behind the store's back, as a
        // tampered database would hold it: the node checks every path again.
        Launched launched = launcher.launch(launcher.spiderWithRawManifest("true", """
                {"ok.txt": {"sha256": "%1$s", "size": 2}, "../escaped.txt": {"sha256": "%1$s", "size": 2}}""".formatted(
                "0".repeat(64))), TaskLauncher.QUICK, ItemPolicy.NONE);

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONFIG);
        assertThat(outcome.errorMessage()).contains("must not contain '..'");
        assertThat(launcher.row(launched.task().id()).status()).isEqualTo(TaskStatus.ERROR);
        assertThat(Files.exists(workRoot.resolve("workspaces/escaped.txt"))).isFalse();
        assertThat(workRoot.resolve("workspaces").resolve(Long.toString(launched.task().id()))).isEmptyDirectory();
    }

    @Test
    void aCommandThatDoesNotExistEndsInErrorWithTheShellsExitCode() {
        Launched launched = launcher.launch("no-such-spider-binary --go", Map.of());

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.exitCode()).isEqualTo(127);
        assertThat(logs.page(launched.task().id(), 0, 10)).extracting(LogLine::line)
                .anySatisfy(line -> assertThat(line).contains("not found"));
    }

    @Test
    void aTaskThatNoNodeTakesEndsAbnormalAfterItsNodeWaitInsteadOfStayingPending() {
        environment.close();
        start(false);

        Launched launched = launcher.launch("true", Map.of(),
                new TaskPolicy(null, 0, 1, null, Duration.ofSeconds(2), Duration.ofSeconds(1), null));
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SYSTEM);
        assertThat(outcome.errorMessage()).isEqualTo("no node took the task within 2s");
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(row.nodeKey()).isNull();
        assertThat(row.finishedAt()).isNotNull();
    }

    private long awaitChildPid(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogLine line : logs.page(taskId, 0, 10)) {
                if (line.line().startsWith("child ")) {
                    return Long.parseLong(line.line().substring("child ".length()).trim());
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the spider never printed its child's pid");
    }
}
