package dev.crawlyard.activities.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.DiskLimits;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.dispatch.DispatchActivitiesImpl;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.runs.RunActivitiesImpl;
import dev.crawlyard.activities.schedules.ScheduleActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.Attempt;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessResult;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.processes.StopRequest;
import dev.crawlyard.workflows.processes.StopResult;
import dev.crawlyard.workflows.run.RunOrder;
import dev.crawlyard.workflows.run.RunStarted;
import dev.crawlyard.workflows.run.RunWorkflow;
import dev.crawlyard.workflows.run.RunWorkflowImpl;
import dev.crawlyard.workflows.schedule.ScheduledRun;
import dev.crawlyard.workflows.schedule.ScheduledRunResult;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflow;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.Dispatch;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskStatus;
import dev.crawlyard.workflows.task.TaskWorkflow;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every path a task takes, run through the real workflow and the real activities (real processes,
 * a real database) under the time-skipping test environment: finished, an error retried, timed out,
 * cancelled while running, a lost node, a pinned node that never comes, reassigned; a run request;
 * a schedule firing. Each path's history replays against the current code, and with
 * {@code -Dcrawlyard.recordHistories=<dir>} it is kept for {@link #historiesRecordedForIssue13StillReplay} and
 * {@link #historiesRecordedForIssue15StillReplay} (after the install step left out when there is nothing to
 * install, the outcome written by a local activity, and the run's tasks started by its local activity).
 * The lost node is a node that takes the task's first attempt, stores some of its output and dies.
 */
class TaskWorkflowPathsTest {

    static final String HISTORIES = "histories/issue-13/";
    static final String HISTORIES_15 = "histories/issue-15/";
    static final List<String> TASK_PATHS = List.of("finished", "error-with-retries", "timed-out",
            "cancelled-while-running", "lost-node", "pinned-node-unavailable", "reassigned");

    @TempDir
    Path workRoot;

    private final JdbcClient jdbc = TestDatabase.shared().jdbcClient();
    private final JdbcTemplate template = TestDatabase.shared().jdbcTemplate();
    private final TestRows rows = new TestRows(jdbc);
    private final TaskStore tasks = new TaskStore(jdbc);
    private final AttemptStore attempts = new AttemptStore(jdbc);
    private final ItemStore items = new ItemStore(jdbc, template);
    private TestWorkflowEnvironment environment;
    private volatile long dyingNodesTask = -1;
    private volatile long stoppingNodesTask = -1;

    @BeforeEach
    void start() throws IOException {
        // The nodes' spiders run as runner users, who must pass through the root to the nodes' directories.
        Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
        environment = TestWorkflowEnvironment.newInstance();
        var workflows = environment.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, RunWorkflowImpl.class,
                ScheduledRunWorkflowImpl.class);
        TaskPlanner planner = new TaskPlanner(tasks, new TaskPlanner.Waits(Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
        workflows.registerActivitiesImplementations(new TaskActivitiesImpl(new TaskEndings(tasks, attempts), tasks,
                new SpiderStateStore(jdbc)),
                new RunActivitiesImpl(new SpiderStore(jdbc), planner, environment.getWorkflowClient()),
                new ScheduleActivitiesImpl(new ScheduleStore(jdbc), new SpiderStore(jdbc), tasks, new NodeStore(jdbc),
                        planner, Duration.ofSeconds(15), () -> null, (schedule, firing) -> { }));
        DispatchActivities live = node("node-t", null);
        DispatchActivities dying = node("node-dead", new DyingRunner(items));
        DispatchActivities stopping = node("node-stopping", new StoppingRunner(items, attempts));
        environment.newWorker(TaskQueues.DISPATCH).registerActivitiesImplementations((DispatchActivities) claim ->
                claim.attempt() != 1 ? live.claim(claim)
                        : claim.taskId() == dyingNodesTask ? dying.claim(claim)
                        : claim.taskId() == stoppingNodesTask ? stopping.claim(claim)
                        : live.claim(claim));
        environment.start();
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    /** A node of real activities, or with {@code runner} (when not null) in place of its runs. */
    private DispatchActivities node(String key, ProcessActivities runner) {
        TaskLogStore logs = new TaskLogStore(jdbc, template);
        LocalNode node = TestNode.node(key, workRoot.resolve(key));
        RunnerSlots slots = new RunnerSlots(100);
        TaskInputs inputs = new TaskInputs(tasks, new SpiderStore(jdbc));
        ProcessActivities processes = runner == null
                ? new ProcessActivitiesImpl(node, tasks, inputs, attempts, logs, items, new RunningProcesses(), slots,
                        TestNode.RUNNER, new dev.crawlyard.activities.artifacts.OutputArtifacts(
                                new dev.crawlyard.store.artifacts.ArtifactStore(jdbc), new BlobStore(jdbc), logs,
                                dev.crawlyard.activities.artifacts.ArtifactLimits.defaults()), TestNode.ENGINE,
                        new SpiderStateStore(jdbc))
                : runner;
        DispatchActivities dispatch = new DispatchActivitiesImpl(node, tasks, inputs, slots);
        environment.newWorker(TaskQueues.node(key)).registerActivitiesImplementations(dispatch,
                new FileActivitiesImpl(node, tasks, attempts, inputs, slots, new SpiderVersionStore(jdbc), new BlobStore(jdbc),
                        DiskLimits.defaults()),
                new DependencyActivitiesImpl(node, inputs, logs, attempts, slots, InstallSettings.defaults(),
                        DiskLimits.defaults()), processes);
        return dispatch;
    }

    /** The run of a node that dies: three items of its attempt reach the database, then nothing more. */
    private static final class DyingRunner implements ProcessActivities {

        private final ItemStore items;

        DyingRunner(ItemStore items) {
            this.items = items;
        }

        @Override
        public ProcessResult runProcess(RunRequest request) {
            items.append(request.taskId(), request.attempt(), request.spiderId(), DedupMode.IGNORE,
                    IntStream.range(0, 3).mapToObj(i -> new ItemRow(i, null, "{\"n\": " + i + "}")).toList());
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the dead node answered");
        }

        @Override
        public StopResult stopProcess(StopRequest request) {
            throw new IllegalStateException("the dead node answered");
        }
    }

    /**
     * The run of a node stopped cleanly under it: two items of its attempt reach the database, then
     * it ends as the real run step does when its worker shuts down (the attempt on record as lost
     * with its node, the run failed with {@link ProcessActivities#NODE_STOPPED}); tested for real,
     * with a worker JVM and SIGTERM, by the standalone module's {@code NodeDeathTest}.
     */
    private static final class StoppingRunner implements ProcessActivities {

        private final ItemStore items;
        private final AttemptStore attempts;

        StoppingRunner(ItemStore items, AttemptStore attempts) {
            this.items = items;
            this.attempts = attempts;
        }

        @Override
        public ProcessResult runProcess(RunRequest request) {
            items.append(request.taskId(), request.attempt(), request.spiderId(), DedupMode.IGNORE,
                    IntStream.range(0, 2).mapToObj(i -> new ItemRow(i, null, "{\"n\": " + i + "}")).toList());
            String message = "node node-stopping stopped during this attempt; its spider was stopped (terminated)";
            attempts.end(request.taskId(), request.attempt(), "lost", null, message);
            throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(message, NODE_STOPPED);
        }

        @Override
        public StopResult stopProcess(StopRequest request) {
            throw new IllegalStateException("the stopped node answered");
        }
    }

    private WorkflowStub launch(String command, TaskPolicy policy, Dispatch dispatch) {
        Spider spider = rows.spider(command, Map.of(), new RunSettings(null, 0, policy.maxAttempts(), null, null, null,
                null));
        // The task's row says what the workflow asks for: the nodes refuse a run that differs from it.
        Task task = tasks.create(new NewTask(spider.id(), spider.command(), Map.of(), Map.of(), policy.runtimeLimit(),
                0, policy.maxAttempts(), null, null, false, null, spider.currentVersion()));
        return launch(spider, task, policy, dispatch);
    }

    private WorkflowStub launch(Spider spider, Task task, TaskPolicy policy, Dispatch dispatch) {
        TaskWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(TaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(TaskRequest.workflowId(task.id())).build());
        WorkflowClient.start(workflow::run, new TaskRequest(task.id(), spider.id(), spider.command(), Map.of(),
                Map.of(), Map.of(), policy, ItemPolicy.NONE, dispatch, null, null));
        return WorkflowStub.fromTyped(workflow);
    }

    private static long taskOf(WorkflowStub workflow) {
        return Long.parseLong(workflow.getExecution().getWorkflowId().substring("task-".length()));
    }

    /** Replays the history now and, when asked to, keeps it as a resource. */
    private void replayAndRecord(WorkflowStub workflow, String path, Class<?> implementation) throws Exception {
        var history = environment.getWorkflowClient().fetchHistory(workflow.getExecution().getWorkflowId());
        WorkflowReplayer.replayWorkflowExecution(history, implementation);
        String directory = System.getProperty("crawlyard.recordHistories");
        if (directory != null) {
            Files.createDirectories(Path.of(directory));
            Files.writeString(Path.of(directory, path + ".json"), history.toJson(true));
        }
    }

    private static TaskPolicy policy(Duration limit, int attempts, Duration nodeWait, Duration heartbeat) {
        return new TaskPolicy(limit, 0, attempts, Duration.ofSeconds(30), nodeWait, Duration.ofSeconds(1), heartbeat);
    }

    @Test
    void finished() throws Exception {
        WorkflowStub workflow = launch("echo hi", policy(null, 1, null, null), null);

        assertThat(workflow.getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        Task row = tasks.find(taskOf(workflow)).orElseThrow();
        assertThat(row.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(row.attempt()).isEqualTo(1);
        assertThat(row.progress().logLines()).isEqualTo(1);
        assertThat(attempts.list(row.id())).extracting(Attempt::outcome).containsExactly("exited");
        replayAndRecord(workflow, "finished", TaskWorkflowImpl.class);
    }

    @Test
    void errorWithRetries() throws Exception {
        WorkflowStub workflow = launch("echo failing; exit 3", policy(null, 3, null, null), null);

        TaskOutcome outcome = workflow.getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.exitCode()).isEqualTo(3);
        Task row = tasks.find(taskOf(workflow)).orElseThrow();
        assertThat(row.attempt()).isEqualTo(3);
        assertThat(attempts.list(row.id())).extracting(Attempt::outcome).containsExactly("exited", "exited", "exited");
        replayAndRecord(workflow, "error-with-retries", TaskWorkflowImpl.class);
    }

    @Test
    void timedOut() throws Exception {
        WorkflowStub workflow = launch("sleep 30", policy(Duration.ofSeconds(1), 1, null, null), null);

        assertThat(workflow.getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(attempts.list(taskOf(workflow))).extracting(Attempt::outcome).containsExactly("timed_out");
        replayAndRecord(workflow, "timed-out", TaskWorkflowImpl.class);
    }

    @Test
    void cancelledWhileRunning() throws Exception {
        WorkflowStub workflow = launch("sleep 30", policy(null, 1, null, null), null);
        long id = taskOf(workflow);
        while (tasks.find(id).orElseThrow().status() != TaskStatus.RUNNING) {
            Thread.sleep(20);
        }

        workflow.cancel();

        try {
            workflow.getResult(TaskOutcome.class);
        } catch (WorkflowFailedException expected) {
            // A cancelled workflow ends in a cancellation.
        }
        Task row = tasks.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(TaskStatus.CANCELLED);
        // sleep does not read the cancel message: SIGTERM ends it after the notice period.
        assertThat(row.stopMode()).isEqualTo(StopMode.TERMINATED);
        // The attempt was ended by its runner, or at the latest by the task's end: never left open.
        assertThat(attempts.list(id)).allSatisfy(attempt -> assertThat(attempt.endedAt()).isNotNull());
        replayAndRecord(workflow, "cancelled-while-running", TaskWorkflowImpl.class);
    }

    @Test
    void lostNode() throws Exception {
        Spider spider = rows.spider("for i in 0 1 2 3; do echo '{\"ipc\": true, \"type\": \"data\", \"payload\": {\"n\": '$i'}}'; done",
                Map.of(), null);
        Task task = rows.pendingTask(spider);
        dyingNodesTask = task.id();
        WorkflowStub workflow = launch(spider, task, policy(null, 1, null, Duration.ofSeconds(2)), null);

        TaskOutcome outcome = workflow.getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("node-t");
        Task row = tasks.find(task.id()).orElseThrow();
        assertThat(row.attempt()).isEqualTo(2);
        List<Attempt> runs = attempts.list(task.id());
        assertThat(runs).extracting(Attempt::nodeKey).containsExactly("node-dead", "node-t");
        assertThat(runs).extracting(Attempt::outcome).containsExactly("lost", "exited");
        // The lost attempt's three items stay readable, but the task's items are its last attempt's four.
        List<String> last = new ArrayList<>();
        items.stream(ItemQuery.ofTask(task.id()), 0, 0, last::add);
        assertThat(last).containsExactly("{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}");
        assertThat(row.progress().items()).isEqualTo(4);
        assertThat(items.count(ItemQuery.ofTaskAttempt(task.id(), 1))).isEqualTo(3);
        assertThat(items.count(ItemQuery.ofSpider(spider.id()))).isEqualTo(4);
        replayAndRecord(workflow, "lost-node", TaskWorkflowImpl.class);
    }

    @Test
    void nodeStopped() throws Exception {
        Spider spider = rows.spider("echo '{\"ipc\": true, \"type\": \"data\", \"payload\": {\"n\": 9}}'", Map.of(), null);
        Task task = rows.pendingTask(spider);
        stoppingNodesTask = task.id();
        WorkflowStub workflow = launch(spider, task, policy(null, 1, null, null), null);

        TaskOutcome outcome = workflow.getResult(TaskOutcome.class);

        // Back to dispatch at once (no heartbeat timeout: the default's 20 s would have been skipped
        // through anyway), without using up the spider's one attempt.
        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("node-t");
        List<Attempt> runs = attempts.list(task.id());
        assertThat(runs).extracting(Attempt::nodeKey).containsExactly("node-stopping", "node-t");
        assertThat(runs).extracting(Attempt::outcome).containsExactly("lost", "exited");
        assertThat(runs.getFirst().error()).startsWith("node node-stopping stopped during this attempt");
        assertThat(tasks.find(task.id()).orElseThrow().progress().items()).isEqualTo(1);
        replayAndRecord(workflow, "node-stopped", TaskWorkflowImpl.class);
    }

    @Test
    void pinnedNodeUnavailable() throws Exception {
        WorkflowStub workflow = launch("true", policy(null, 1, Duration.ofSeconds(2), null),
                new Dispatch("node-gone", false));

        TaskOutcome outcome = workflow.getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorMessage()).isEqualTo("node unavailable: node node-gone did not take the task within 2s");
        assertThat(tasks.find(taskOf(workflow)).orElseThrow().status()).isEqualTo(TaskStatus.ABNORMAL);
        replayAndRecord(workflow, "pinned-node-unavailable", TaskWorkflowImpl.class);
    }

    @Test
    void reassigned() throws Exception {
        WorkflowStub workflow = launch("true", policy(null, 1, Duration.ofSeconds(2), null),
                new Dispatch("node-gone", true));

        TaskOutcome outcome = workflow.getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("node-t");
        replayAndRecord(workflow, "reassigned", TaskWorkflowImpl.class);
    }

    @Test
    void aRunRequest() throws Exception {
        Spider spider = rows.spider("true");
        RunWorkflow run = environment.getWorkflowClient().newWorkflowStub(RunWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS).setWorkflowId(RunWorkflow.workflowId(spider.id(), "path")).build());

        RunStarted started = run.run(new RunOrder(spider.id(), Map.of("p", "1"), Map.of(), null, null,
                DispatchMode.SELECTED, false, null, List.of("node-t", "node-gone")));

        assertThat(started.taskIds()).hasSize(2);
        assertThat(tasks.findByRunKey(RunWorkflow.workflowId(spider.id(), "path"))).extracting(Task::id)
                .isEqualTo(started.taskIds());
        for (long id : started.taskIds()) {
            assertThat(environment.getWorkflowClient().newUntypedWorkflowStub(TaskRequest.workflowId(id))
                    .getResult(TaskOutcome.class).status()).isIn(TaskStatus.FINISHED, TaskStatus.ABNORMAL);
        }
        replayAndRecord(WorkflowStub.fromTyped(run), "run-request", RunWorkflowImpl.class);
    }

    @Test
    void aScheduleFiring() throws Exception {
        ScheduleStore schedules = new ScheduleStore(jdbc);
        Spider spider = rows.spider("true");
        Schedule schedule = schedules.create(new ScheduleSettings(spider.id(), null, "0 0 1 1 *", "UTC", Map.of(),
                Map.of(), null, List.of(), false, OverlapPolicy.SKIP, null, null, true, 10));
        ScheduledRunWorkflow firing = environment.getWorkflowClient().newWorkflowStub(ScheduledRunWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId("schedule-" + schedule.id()).build());

        ScheduledRunResult result = firing.run(new ScheduledRun(schedule.id()));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.taskIds()).hasSize(1);
        replayAndRecord(WorkflowStub.fromTyped(firing), "scheduled-run", ScheduledRunWorkflowImpl.class);
    }

    /** The histories recorded with this code, as a later change to the workflows must keep replaying them. */
    @Test
    void historiesRecordedForIssue13StillReplay() throws Exception {
        replayEveryPath(HISTORIES);
        assertThat(TestNode.WAITS).isNotNull();
    }

    /** Replays every path's history kept in {@code directory}: a replay that diverges throws. */
    private static void replayEveryPath(String directory) throws Exception {
        for (String path : TASK_PATHS) {
            WorkflowReplayer.replayWorkflowExecutionFromResource(directory + path + ".json", TaskWorkflowImpl.class);
        }
        WorkflowReplayer.replayWorkflowExecutionFromResource(directory + "run-request.json", RunWorkflowImpl.class);
        WorkflowReplayer.replayWorkflowExecutionFromResource(directory + "scheduled-run.json",
                ScheduledRunWorkflowImpl.class);
    }

    /**
     * The same paths recorded with the install step left out, the outcome written by a local
     * activity, and the run's tasks started by its local activity.
     */
    @Test
    void historiesRecordedForIssue15StillReplay() throws Exception {
        replayEveryPath(HISTORIES_15);
        // Recorded after a cleanly stopped node's run sent its task back to dispatch.
        WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORIES_15 + "node-stopped.json", TaskWorkflowImpl.class);
        // What these histories hold: no install or finalize activity, and no child workflow.
        String finished = new String(getClass().getResourceAsStream("/" + HISTORIES_15 + "finished.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String run = new String(getClass().getResourceAsStream("/" + HISTORIES_15 + "run-request.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(finished).contains("RunProcess", "LocalActivity").doesNotContain("InstallDependencies", "FinalizeTask");
        assertThat(run).contains("LocalActivity").doesNotContain("START_CHILD_WORKFLOW");
    }
}
