package dev.crawlyard.activities.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestImages;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.artifacts.Artifact;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spiders in containers on the machine's real Docker engine, through the real workflow, node and
 * database, with an image built here from busybox. Skipped, saying why, when no engine answers.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContainerRunTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final TaskPolicy POLICY = new TaskPolicy(null, 0, 1, null, null, GRACE, null);

    @TempDir
    Path workRoot;

    private final TestDatabase database = TestDatabase.shared();
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());
    private final ArtifactStore artifacts = new ArtifactStore(database.jdbcClient());
    private final BlobStore blobs = new BlobStore(database.jdbcClient());
    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private String image;

    @BeforeEach
    void startEnvironment() {
        image = TestImages.busybox();
        environment = TestNode.realTime("node-box", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        if (environment != null) {
            environment.close();
        }
    }

    private ContainerSpec box() {
        return new ContainerSpec(image, "never", "host", 1.0, 64L, 64, List.of());
    }

    @Test
    void aContainerSpiderPrintsItemsAndProgressAndFinishesWithItsFilesInPlace() {
        String spider = """
                echo '{"ipc":true,"type":"progress","payload":{"stage":"crawl","current":1,"total":2,"percentage":50}}'
                echo '{"ipc":true,"type":"data","payload":{"page":1}}'
                echo '{"ipc":true,"type":"data","payload":[{"page":2},{"page":3}]}'
                echo "workdir $(pwd) files $(ls)"
                echo "config $CRAWLYARD_CONFIG $CONFIG_PATH $(cat /app/config.json)"
                echo "task $CRAWLYARD_TASK_ID $TASK_EXECUTION_ID mood $SPIDER_MOOD output $CRAWLYARD_OUTPUT_DIR"
                echo "uid $(id -u)"
                (echo x > /app/config.json) 2>/dev/null && echo "config writable" || echo "config read-only"
                echo 'to stderr' >&2
                echo '{"ipc":true,"type":"progress","payload":{"stage":"done","current":2,"total":2,"percentage":100}}'
                """;
        Launched launched = launcher.launchInContainer("sh spider.sh", Map.of("spider.sh", spider), POLICY, box());
        long id = launched.task().id();

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).as(String.valueOf(outcome)).isEqualTo(TaskStatus.FINISHED);
        List<String> stored = new ArrayList<>();
        items.stream(ItemQuery.ofTask(id), 0, 0, stored::add);
        assertThat(stored).containsExactly("{\"page\": 1}", "{\"page\": 2}", "{\"page\": 3}");
        Task row = launcher.row(id);
        assertThat(row.nodeKey()).isEqualTo("node-box");
        assertThat(row.exitCode()).isZero();
        List<LogLine> lines = logs.page(id, 0, 100);
        List<String> text = lines.stream().map(LogLine::line).toList();
        assertThat(text).contains("workdir /app/workspace files spider.sh",
                "task " + id + " " + id + " mood keen output /app/output", "config read-only");
        assertThat(text).anyMatch(line -> line.startsWith("config /app/config.json /app/config.json {\"taskId\":" + id));
        // Spiders run as the runner's uid inside the container too, never as root.
        assertThat(text).noneMatch(line -> line.equals("uid 0"));
        assertThat(lines).anyMatch(line -> line.stream() == LogStream.STDERR && line.line().equals("to stderr"));
        assertThat(row.progress().stage()).isEqualTo("done");
        assertThat(row.progress().percentage()).isEqualTo(100.0);
        assertThat(row.progress().items()).isEqualTo(3);
        assertThat(TestImages.containersOf(id, "node-box", workRoot)).isEmpty();
    }

    @Test
    void filesWrittenToAppOutputComeBackAsArtifactsWithTheirBytes() {
        String spider = """
                mkdir -p /app/output/pages
                printf 'first\\n' > /app/output/pages/1.txt
                seq 1 1000 > /app/output/numbers.txt
                """;
        Launched launched = launcher.launchInContainer("sh spider.sh", Map.of("spider.sh", spider), POLICY, box());

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).as(String.valueOf(outcome)).isEqualTo(TaskStatus.FINISHED);
        Map<String, Artifact> kept = artifacts.list(launched.task().id()).stream()
                .collect(Collectors.toMap(Artifact::path, artifact -> artifact));
        assertThat(kept).containsOnlyKeys("pages/1.txt", "numbers.txt");
        assertThat(body(kept.get("pages/1.txt"))).isEqualTo("first\n");
        assertThat(body(kept.get("numbers.txt"))).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> i + "\n").collect(Collectors.joining()));
    }

    @Test
    void cancelOfAContainerThatIgnoresSigtermEndsForcedWithinGracePlusOneSecondAndLeavesNoContainer()
            throws Exception {
        // It reads the cancel message (and says so), then ignores it and SIGTERM.
        String spider = """
                trap '' TERM
                echo ready
                read message
                echo "read the cancel message"
                while true; do sleep 1; done
                """;
        Launched launched = launcher.launchInContainer("sh spider.sh", Map.of("spider.sh", spider), POLICY, box());
        long id = launched.task().id();
        awaitLine(id, "ready");
        List<String> made = TestImages.containersOf(id, "node-box", workRoot);
        assertThat(made).hasSize(1);
        // Named for its task and attempt (with the node's id after them should another platform's hold that name).
        assertThat(made.getFirst()).startsWith("task-" + id + "-1");
        String name = made.getFirst();
        assertThat(TestImages.containerRuns(name)).isTrue();

        launched.workflow().cancel();
        Instant noticed = awaitLineAt(id, "read the cancel message");
        while (TestImages.containerRuns(name) && Duration.between(noticed, Instant.now()).compareTo(WAIT) < 0) {
            Thread.sleep(20);
        }
        Duration gone = Duration.between(noticed, Instant.now());

        Task row = launcher.awaitStatus(id, TaskStatus.CANCELLED, WAIT);
        assertThat(row.stopMode()).isEqualTo(StopMode.FORCED);
        // From the cancel message: the notice period (1 s on the test node), SIGTERM, the grace period,
        // SIGKILL; gone within notice + grace + 1 s of the message, whatever Temporal took to deliver the cancel.
        assertThat(gone).isLessThan(TestNode.RUNNER.stopNoticePeriod().plus(GRACE).plusSeconds(1));
        assertThat(TestImages.containerExists(name)).isFalse();
    }

    @Test
    void aContainerThatGoesPastItsMemoryLimitEndsInErrorWithTheMemoryReason() {
        String spider = """
                echo start
                x=aaaaaaaaaaaaaaaa
                while true; do x="$x$x"; done
                """;
        ContainerSpec small = new ContainerSpec(image, "never", "none", null, 16L, null, List.of());
        Launched launched = launcher.launchInContainer("sh hog.sh", Map.of("hog.sh", spider), POLICY, small);

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.MEMORY_LIMIT);
        assertThat(outcome.errorMessage()).contains("memory limit of 16 MB").contains("engine killed it");
        assertThat(TestImages.containersOf(launched.task().id(), "node-box", workRoot)).isEmpty();
    }

    @Test
    void aContainerPastItsRuntimeLimitIsStoppedEndsTimedOutAndLeavesNoContainer() throws Exception {
        Launched launched = launcher.launchInContainer("sh spider.sh", Map.of("spider.sh", "echo started; sleep 60"),
                new TaskPolicy(Duration.ofSeconds(2), 0, 1, null, null, GRACE, null), box());
        long id = launched.task().id();
        awaitLine(id, "started");
        String name = TestImages.containersOf(id, "node-box", workRoot).getFirst();

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).as(String.valueOf(outcome)).isEqualTo(TaskStatus.TIMED_OUT);
        Task row = launcher.row(id);
        assertThat(row.status()).isEqualTo(TaskStatus.TIMED_OUT);
        // sh in a container is PID 1, which the kernel spares SIGTERM it has no handler for: the
        // grace period runs out and the engine kills it.
        assertThat(row.stopMode()).isIn(StopMode.TERMINATED, StopMode.FORCED);
        assertThat(row.errorMessage()).contains("runtime limit of 2s");
        assertThat(TestImages.containerExists(name)).isFalse();
    }

    @Test
    void aMissingImageEndsInErrorAtOnceNamingTheRuntimeAndTheEnginesMessage() {
        ContainerSpec missing = new ContainerSpec("crawlyard-test/no-such-image:1", "never", "host", null, null, null, List.of());
        Launched launched = launcher.launchInContainer("sh -c true", Map.of(), POLICY, missing);

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONTAINER);
        assertThat(outcome.errorMessage()).contains("container runtime (docker ").contains("no such image")
                .contains("crawlyard-test/no-such-image:1");
    }

    @Test
    void aPullTheRegistryRefusesEndsInErrorAtOnceWithTheEnginesMessage() {
        ContainerSpec unreachable = new ContainerSpec("127.0.0.1:1/crawlyard/none:1", "missing", "host", null, null,
                null, List.of());
        Launched launched = launcher.launchInContainer("sh -c true", Map.of(), POLICY, unreachable);

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONTAINER);
        assertThat(outcome.errorMessage()).contains("container runtime").contains("127.0.0.1:1");
    }

    private String body(Artifact artifact) {
        return new String(blobs.read(List.of(artifact.sha256())).get(artifact.sha256()), StandardCharsets.UTF_8);
    }

    /** When the runner read the first line starting with {@code prefix}. */
    private Instant awaitLineAt(long taskId, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogLine line : logs.page(taskId, 0, 100)) {
                if (line.line().startsWith(prefix)) {
                    return line.ts();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the spider never printed a line starting with '" + prefix + "'");
    }

    private String awaitLine(long taskId, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogLine line : logs.page(taskId, 0, 100)) {
                if (line.line().startsWith(prefix)) {
                    return line.line();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the spider never printed a line starting with '" + prefix + "'");
    }
}
