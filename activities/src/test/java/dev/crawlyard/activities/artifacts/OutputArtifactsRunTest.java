package dev.crawlyard.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.DiskLimits;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.artifacts.Artifact;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's output directory kept as its task's artifacts, through the real workflow, node and database. */
class OutputArtifactsRunTest {

    /** Small limits, so that a test can go past each of them. */
    private static final ArtifactLimits LIMITS = new ArtifactLimits(3, 2000, 2600);

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final TestDatabase database = TestDatabase.shared();
    private final ArtifactStore artifacts = new ArtifactStore(database.jdbcClient());
    private final BlobStore blobs = new BlobStore(database.jdbcClient());
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());

    @BeforeEach
    void startEnvironment() {
        environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestNode.register(environment, "node-art", workRoot, true, database.jdbcClient(), database.jdbcTemplate(),
                TestNode.RUNNER, InstallSettings.defaults(), new RunnerSlots(100), DiskLimits.defaults(), LIMITS);
        environment.start();
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void filesLeftInTheOutputDirectoryAreKeptWithTheirBytesUnderTheirRelativePaths() {
        String spider = """
                mkdir -p "$CRAWLYARD_OUTPUT_DIR/reports/daily"
                printf 'a,b\\n1,2\\n' > "$CRAWLYARD_OUTPUT_DIR/reports/daily/data.csv"
                printf 'caf\\303\\251' > "$CRAWLYARD_OUTPUT_DIR/résumé.txt"
                printf '<script>alert(1)</script>' > "$CRAWLYARD_OUTPUT_DIR/page.html"
                echo done
                """;
        Launched launched = launcher.launch("sh spider.sh", Map.of("spider.sh", spider));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        Map<String, Artifact> kept = byPath(launched.task().id());
        assertThat(kept).containsOnlyKeys("reports/daily/data.csv", "résumé.txt", "page.html");
        assertThat(body(kept.get("reports/daily/data.csv"))).isEqualTo("a,b\n1,2\n");
        assertThat(body(kept.get("résumé.txt"))).isEqualTo("café");
        assertThat(kept.values()).allSatisfy(artifact -> {
            assertThat(artifact.kept()).isTrue();
            assertThat(artifact.attempt()).isEqualTo(1);
        });
        assertThat(systemLines(launched.task().id())).anyMatch(line -> line.startsWith("kept 3 artifacts"));
    }

    @Test
    void linksDevicesAndFilesOverTheLimitsAreRefusedAndSaidSoInTheLogNeverDropped() throws Exception {
        Path secret = Files.writeString(workRoot.resolve("node-secret.txt"), "the node's own file");
        String spider = """
                out="$CRAWLYARD_OUTPUT_DIR"
                ln -s %s "$out/a-link"
                mkfifo "$out/b-fifo"
                printf 'x' > "$out/c-small"
                seq 1 600 > "$out/d-too-large"
                printf 'line\\nbreak' > "$out/$(printf 'e-odd\\nname')"
                head -c 1500 /dev/zero > "$out/f-fits-alone"
                head -c 1500 /dev/zero > "$out/g-past-the-total"
                printf 'y' > "$out/h-small"
                printf 'z' > "$out/i-one-too-many"
                """.formatted(secret);
        Launched launched = launcher.launch("sh spider.sh", Map.of("spider.sh", spider));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        Map<String, Artifact> recorded = byPath(launched.task().id());
        assertThat(recorded).hasSize(9);
        assertThat(recorded.get("a-link").refused()).contains("symbolic link");
        assertThat(recorded.get("b-fifo").refused()).contains("not a regular file");
        assertThat(recorded.get("d-too-large").refused()).startsWith("413").contains("max-file-size");
        assertThat(recorded.get("e-odd\\x0aname").refused()).contains("control character");
        assertThat(recorded.get("g-past-the-total").refused()).startsWith("413").contains("max-total-size");
        assertThat(recorded.get("i-one-too-many").refused()).startsWith("413").contains("max-files");
        assertThat(recorded.values().stream().filter(Artifact::kept).map(Artifact::path))
                .containsExactlyInAnyOrder("c-small", "f-fits-alone", "h-small");
        // The link's target was never read: no body of the node's file is stored anywhere.
        assertThat(blobs.stored(List.of(dev.crawlyard.store.files.Sha256.of(
                Files.readAllBytes(secret))))).isEmpty();
        List<String> lines = systemLines(launched.task().id());
        for (String refused : List.of("a-link", "b-fifo", "d-too-large", "e-odd\\x0aname", "g-past-the-total",
                "i-one-too-many")) {
            assertThat(lines).anyMatch(line -> line.startsWith("artifact " + refused + " not kept: "));
        }
        assertThat(lines).anyMatch(line -> line.equals("kept 3 artifacts (1502 bytes); 6 refused"));
    }

    @Test
    void aFailedRunKeepsItsArtifactsToo() {
        Launched launched = launcher.launch("sh -c 'seq 1 3 > \"$CRAWLYARD_OUTPUT_DIR/partial.txt\"; exit 3'",
                Map.of());

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(body(byPath(launched.task().id()).get("partial.txt")))
                .isEqualTo(IntStream.rangeClosed(1, 3).mapToObj(i -> i + "\n").collect(Collectors.joining()));
    }

    private Map<String, Artifact> byPath(long taskId) {
        return artifacts.list(taskId).stream().collect(Collectors.toMap(Artifact::path, Function.identity()));
    }

    private String body(Artifact artifact) {
        return new String(blobs.read(List.of(artifact.sha256())).get(artifact.sha256()), StandardCharsets.UTF_8);
    }

    private List<String> systemLines(long taskId) {
        return logs.page(taskId, 0, 1000).stream()
                .filter(line -> line.stream() == LogStream.SYSTEM)
                .map(LogLine::line)
                .toList();
    }
}
