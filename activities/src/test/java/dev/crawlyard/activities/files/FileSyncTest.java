package dev.crawlyard.activities.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.files.Sha256;
import dev.crawlyard.store.files.SpiderVersion;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.files.VersionFiles;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.activities.RunnerSlots;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spider versions reach a node's workspace through its content-addressed cache: each task sees
 * exactly the version it names, a node fetches each body once, and a corrupt cache entry is
 * noticed and replaced, never used.
 */
class FileSyncTest {

    /** Prints every file of the workspace but itself, sorted, with its content. */
    private static final String LISTER = """
            import os
            for root, dirs, files in os.walk("."):
                for name in files:
                    path = os.path.relpath(os.path.join(root, name), ".")
                    if path != "list.py":
                        print(path, open(path).read().strip())
            """;

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final SpiderVersionStore versions = new SpiderVersionStore(TestDatabase.shared().jdbcClient());
    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());

    @BeforeEach
    void start() {
        environment = TestNode.realTime("node-f", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    void eachVersionRunsWithExactlyItsOwnFiles() {
        Spider spider = launcher.spider("python3 list.py | sort", Map.of());
        SpiderVersion v1 = upload(spider, Map.of("list.py", LISTER, "data/a.txt", "one", "old.txt", "only in v1"));
        SpiderVersion v2 = upload(spider, Map.of("list.py", LISTER, "data/a.txt", "two", "new/deep/b.txt", "only in v2"));

        Task first = run(spider, v1.version());
        Task second = run(spider, v2.version());
        Task firstAgain = run(spider, v1.version());

        assertThat(lines(first)).containsExactly("data/a.txt one", "old.txt only in v1");
        assertThat(lines(second)).containsExactly("data/a.txt two", "new/deep/b.txt only in v2");
        assertThat(lines(firstAgain)).containsExactly("data/a.txt one", "old.txt only in v1");
        assertThat(first.spiderVersion()).isEqualTo(1);
        assertThat(second.spiderVersion()).isEqualTo(2);
        assertThat(second.sync().files()).isEqualTo(3);
    }

    @Test
    void aSecondRunOfTheSameVersionOnTheSameNodeTransfersNothing() {
        String unique = UUID.randomUUID().toString();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("list.py", LISTER);
        for (int i = 0; i < 20; i++) {
            files.put("pages/page-" + i + ".txt", unique + " page " + i);
        }
        // Two paths with one body: the node fetches it once and writes it twice.
        files.put("copy/page-0.txt", unique + " page 0");
        Spider spider = launcher.spider("python3 list.py | sort", files);
        long bytes = files.values().stream().mapToLong(f -> f.getBytes(StandardCharsets.UTF_8).length).sum();

        Task cold = run(spider, spider.currentVersion());
        Task warm = run(spider, spider.currentVersion());

        assertThat(cold.sync().files()).isEqualTo(22);
        assertThat(cold.sync().bytes()).isEqualTo(bytes);
        assertThat(cold.sync().filesTransferred()).isEqualTo(21);
        assertThat(cold.sync().bytesTransferred()).isEqualTo(bytes - (unique + " page 0").length());
        assertThat(warm.sync().filesTransferred()).isZero();
        assertThat(warm.sync().bytesTransferred()).isZero();
        assertThat(lines(warm)).hasSize(21).contains("copy/page-0.txt " + unique + " page 0");
    }

    @Test
    void aCorruptedCacheEntryIsDetectedFetchedAgainAndNeverUsed() throws Exception {
        String body = "the real content " + UUID.randomUUID();
        Spider spider = launcher.spider("python3 list.py", Map.of("list.py", LISTER, "data.txt", body));
        run(spider, spider.currentVersion());
        Path cached = workRoot.resolve("cache/blobs").resolve(Sha256.of(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(cached).hasContent(body);

        Files.writeString(cached, "tampered");
        Task afterCorruption = run(spider, spider.currentVersion());

        assertThat(lines(afterCorruption)).containsExactly("data.txt " + body);
        assertThat(afterCorruption.sync().filesTransferred()).isEqualTo(1);
        assertThat(afterCorruption.sync().bytesTransferred()).isEqualTo(body.length());
        assertThat(cached).hasContent(body);

        Files.delete(cached);
        Task afterLoss = run(spider, spider.currentVersion());

        assertThat(lines(afterLoss)).containsExactly("data.txt " + body);
        assertThat(afterLoss.sync().filesTransferred()).isEqualTo(1);
    }

    @Test
    void aSpiderWithoutFilesRunsInAnEmptyWorkspace() {
        Spider spider = launcher.spider("ls -A | wc -l", Map.of());

        Task task = run(spider, spider.currentVersion());

        assertThat(task.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(task.spiderVersion()).isNull();
        assertThat(lines(task)).extracting(String::trim).containsExactly("0");
    }

    @Test
    void aSpiderWithoutFilesHasNoSyncStepItsClaimMakesTheWorkspace() {
        Spider spider = launcher.spider("pwd; stat -c %U:%a .", Map.of());

        Launched launched = launcher.launchVersion(spider, spider.currentVersion());
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);
        Task task = launcher.row(launched.task().id());

        assertThat(outcome.status()).as("log %s", lines(task)).isEqualTo(TaskStatus.FINISHED);
        assertThat(activitiesScheduled(launched)).containsExactly("Claim", "RunProcess");
        // Where the sync would have written, and as it would have left it: the runner user's alone.
        assertThat(lines(task).getFirst()).isEqualTo(workRoot.resolve("workspaces").resolve(
                String.valueOf(task.id())).toString());
        assertThat(lines(task).get(1)).endsWith(":700").doesNotStartWith("root:");
        // Nothing was synced, so nothing is on record for a sync.
        assertThat(task.sync()).isNull();
    }

    @Test
    void aRetryOfASpiderWithoutFilesStartsFromAnEmptyWorkspaceAgain() throws Exception {
        // The first attempt leaves a file behind and fails; the second must not see it.
        String marker = "/tmp/crawlyard-retry-" + UUID.randomUUID();
        Spider spider = launcher.spider("ls -A | wc -l; touch leftover; if [ -e " + marker + " ]; then exit 0; fi; "
                + "touch " + marker + "; exit 1", Map.of());

        Launched launched = launcher.launch(spider, new TaskPolicy(null, 0, 2, Duration.ofMillis(100), null,
                Duration.ofSeconds(1), null), ItemPolicy.NONE);
        TaskOutcome outcome = launched.workflow().getResult(60, TimeUnit.SECONDS, TaskOutcome.class);
        Task task = launcher.row(launched.task().id());

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(task.attempt()).isEqualTo(2);
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(logs.page(task.id(), attempt, 0, 1000).stream().map(LogLine::line).map(String::trim))
                    .as("attempt %d", attempt).containsExactly("0");
        }
    }

    @Test
    void aClaimThatCannotMakeTheWorkspaceGivesItsRunnerBackAndItsRetryRuns() throws Exception {
        // A node of one runner: had the failed claim kept it, no retry could ever claim the task.
        Path root = workRoot.resolve("one-runner");
        RunnerSlots slots = new RunnerSlots(1);
        try (TestWorkflowEnvironment single = TestNode.realTime("node-one", root, slots)) {
            Path workspaces = root.resolve("workspaces");
            Files.delete(workspaces);
            Files.writeString(workspaces, "a file where the workspaces should be");
            TaskLauncher one = new TaskLauncher(single.getWorkflowClient());
            Spider spider = one.spider("ls -A | wc -l", Map.of());

            Launched launched = one.launchVersion(spider, spider.currentVersion());
            String failure = awaitClaimRetried(single, launched);
            assertThat(slots.inUse()).as("runners held between the claim's attempts").isZero();
            Files.delete(workspaces);
            TestNode.node("node-one", root);
            TaskOutcome outcome = launched.workflow().getResult(60, TimeUnit.SECONDS, TaskOutcome.class);

            assertThat(failure).contains("could not make the empty workspace");
            assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
            assertThat(logs.page(launched.task().id(), 0, 1000).stream().map(LogLine::line).map(String::trim))
                    .containsExactly("0");
            assertThat(slots.inUse()).isZero();
        }
    }

    /** Waits until the task's claim has failed at least once and is to be tried again; its failure. */
    private static String awaitClaimRetried(TestWorkflowEnvironment environment, Launched launched)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (PendingActivityInfo pending : environment.getWorkflowClient().getWorkflowServiceStubs()
                    .blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(environment.getNamespace())
                            .setExecution(launched.workflow().getExecution()).build())
                    .getPendingActivitiesList()) {
                if ("Claim".equals(pending.getActivityType().getName()) && pending.getAttempt() > 1
                        && pending.hasLastFailure()) {
                    return pending.getLastFailure().getMessage();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the claim was not retried within 30 s");
    }

    @Test
    void aVersionWithoutADependencyManifestAtItsRootSkipsTheInstallStep() {
        // Only a manifest at the root calls for an install: these are files like any other.
        Spider spider = launcher.spider("cat sub/requirements.txt", Map.of("sub/requirements.txt", "nested\n",
                "package.json.bak", "{}"));
        Launched launched = launcher.launchVersion(spider, spider.currentVersion());
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);
        Task task = launcher.row(launched.task().id());

        assertThat(outcome.status()).as("log %s", lines(task)).isEqualTo(TaskStatus.FINISHED);
        assertThat(lines(task)).containsExactly("nested");
        assertThat(activitiesScheduled(launched)).containsExactly("Claim", "SyncFiles", "RunProcess");
    }

    @Test
    void aRequirementsFileAtTheRootKeepsTheInstallStep() {
        Spider spider = launcher.spider("true", Map.of("requirements.txt", "--no-index\n"));
        Launched launched = launcher.launchVersion(spider, spider.currentVersion());
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).as("log %s", lines(launcher.row(launched.task().id())))
                .isEqualTo(TaskStatus.FINISHED);
        assertThat(activitiesScheduled(launched)).contains("InstallDependencies");
    }

    private List<String> activitiesScheduled(Launched launched) {
        return environment.getWorkflowClient().fetchHistory(launched.workflow().getExecution().getWorkflowId())
                .getEvents().stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()).toList();
    }

    @Test
    void aManifestWhoseHashIsNotAHashEndsTheTaskInAConfigErrorAndTouchesNoCache() {
        Spider spider = launcher.spiderWithRawManifest("true", """
                {"a.txt": {"sha256": "../../../etc/passwd", "size": 1}}""");

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONFIG);
        assertThat(outcome.errorMessage()).contains("manifest of version 1 is unreadable");
        assertThat(workRoot.resolve("cache/blobs")).doesNotExist();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSyncThatTakesLongerThanTheHeartbeatTimeoutHeartbeatsAndIsNotRunAgain() throws Exception {
        // The node's fetch of the bodies waits on a lock for three heartbeat timeouts, as a large
        // version over a slow link would make it wait.
        String body = "slow " + UUID.randomUUID();
        Spider spider = launcher.spider("python3 list.py", Map.of("list.py", LISTER, "data.txt", body));
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
                connection.setAutoCommit(false);
                connection.createStatement().execute("LOCK TABLE blobs IN ACCESS EXCLUSIVE MODE");
                locked.countDown();
                Thread.sleep(6_000);
                connection.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

        Launched launched = launcher.launch(spider, new TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(1),
                Duration.ofSeconds(2)), ItemPolicy.NONE);
        TaskOutcome outcome = launched.workflow().getResult(60, TimeUnit.SECONDS, TaskOutcome.class);
        holder.join();

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(lines(launcher.row(launched.task().id()))).containsExactly("data.txt " + body);
        List<Integer> syncAttempts = new ArrayList<>();
        Map<Long, String> scheduled = new HashMap<>();
        for (HistoryEvent event : environment.getWorkflowClient()
                .fetchHistory(launched.workflow().getExecution().getWorkflowId()).getEvents()) {
            if (event.hasActivityTaskScheduledEventAttributes()) {
                scheduled.put(event.getEventId(),
                        event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
            }
            if (event.hasActivityTaskStartedEventAttributes() && "SyncFiles".equals(scheduled.get(
                    event.getActivityTaskStartedEventAttributes().getScheduledEventId()))) {
                syncAttempts.add(event.getActivityTaskStartedEventAttributes().getAttempt());
            }
        }
        assertThat(syncAttempts).containsExactly(1);
    }

    private SpiderVersion upload(Spider spider, Map<String, String> files) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        files.forEach((path, text) -> bodies.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return versions.create(spider.id(), VersionFiles.of(bodies), true);
    }

    private Task run(Spider spider, Integer version) {
        Launched launched = launcher.launchVersion(spider, version);
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);
        Task task = launcher.row(launched.task().id());
        assertThat(outcome.status()).as("task %s, log %s", task, lines(task)).isEqualTo(TaskStatus.FINISHED);
        return task;
    }

    private List<String> lines(Task task) {
        return logs.page(task.id(), 0, 1000).stream().map(LogLine::line).toList();
    }
}
