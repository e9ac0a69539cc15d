package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.files.Sha256;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node does not fill its disk: ended tasks' workspaces and run directories go but for the
 * newest few, the cache of file bodies and the dependency environments stay under their caps by
 * removing the least recently used, and nothing a running task uses is removed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskHygieneTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workRoot;

    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());
    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;

    private void start(DiskLimits limits) {
        environment = TestNode.realTime("node-disk", workRoot, limits);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void endedTasksDirectoriesAreRemovedButForTheNewestTwoAndARunningTasksAreKept() throws Exception {
        start(new DiskLimits(2, 0, 0));
        Launched running = launcher.launch("cat data.txt; sleep 300", Map.of("data.txt", "long"));
        launcher.awaitStatus(running.task().id(), TaskStatus.RUNNING, WAIT);
        long[] quick = new long[4];
        for (int i = 0; i < quick.length; i++) {
            Launched launched = launcher.launch("cat data.txt", Map.of("data.txt", "quick " + i));
            assertThat(finish(launched)).isEqualTo(TaskStatus.FINISHED);
            quick[i] = launched.task().id();
        }

        Set<String> expected = ids(running.task().id(), quick[2], quick[3]);
        await("only the running and the newest two ended tasks keep their directories",
                () -> expected.equals(names("workspaces")) && expected.equals(names("runs")));
        assertThat(workRoot.resolve("workspaces").resolve(Long.toString(running.task().id())).resolve("data.txt"))
                .hasContent("long");

        running.workflow().cancel();
        launcher.awaitStatus(running.task().id(), TaskStatus.CANCELLED, WAIT);
        Set<String> afterCancel = ids(quick[3], running.task().id());
        await("the cancelled task's directories are now among the newest two",
                () -> afterCancel.equals(names("workspaces")));
    }

    @Test
    void theBlobCacheStaysUnderItsCapByRemovingTheLeastRecentlyUsedBodies() throws Exception {
        start(new DiskLimits(5, 3000, 0));
        String a = body('a');
        String b = body('b');
        String c = body('c');
        String d = body('d');
        Spider spiderA = spiderWith(a);
        run(spiderA);
        run(spiderWith(b));
        run(spiderWith(c));
        run(spiderA); // a is now the most recently used, b the least

        Spider spiderD = spiderWith(d);
        run(spiderD);

        assertThat(names("cache/blobs")).containsExactlyInAnyOrder(hash(a), hash(c), hash(d));
        assertThat(cacheBytes()).isLessThanOrEqualTo(3000);
        Launched again = launcher.launchVersion(spiderD, spiderD.currentVersion());
        assertThat(finish(again)).isEqualTo(TaskStatus.FINISHED);
        assertThat(launcher.row(again.task().id()).sync().filesTransferred()).isZero();
    }

    @Test
    void environmentsStayUnderTheirCapButOneThatARunningTaskUsesIsNeverRemoved() throws Exception {
        start(new DiskLimits(5, 0, 1_500_000));
        // Each install command makes an environment of 1 MB that says whose it is.
        Launched first = launcher.launch(launcher.spiderInstalledBy(
                "sleep 3; wc -c < \"$CRAWLYARD_ENV_DIR/blob\"", install("first"), Map.of()),
                TaskLauncher.QUICK, ItemPolicy.NONE);
        launcher.awaitStatus(first.task().id(), TaskStatus.RUNNING, WAIT);
        Launched second = launcher.launch(launcher.spiderInstalledBy("true", install("second"), Map.of()),
                TaskLauncher.QUICK, ItemPolicy.NONE);
        assertThat(finish(second)).isEqualTo(TaskStatus.FINISHED);
        assertThat(finish(first)).isEqualTo(TaskStatus.FINISHED);

        // Over the cap with both; the first was in use while the second ended, so the second went.
        assertThat(lines(first.task().id())).contains("1048576");
        assertThat(environmentOwners()).containsExactly("first");

        Launched third = launcher.launch(launcher.spiderInstalledBy("true", install("third"), Map.of()),
                TaskLauncher.QUICK, ItemPolicy.NONE);
        assertThat(finish(third)).isEqualTo(TaskStatus.FINISHED);

        assertThat(environmentOwners()).containsExactly("third");
    }

    private static String install(String owner) {
        return "head -c 1048576 /dev/zero > \"$CRAWLYARD_ENV_DIR/blob\"; echo " + owner
                + " > \"$CRAWLYARD_ENV_DIR/owner\"";
    }

    private Set<String> environmentOwners() throws IOException {
        Set<String> owners = new TreeSet<>();
        try (Stream<Path> entries = Files.list(workRoot.resolve("envs"))) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                Path owner = entry.resolve("owner");
                owners.add(Files.exists(owner) ? Files.readString(owner).strip() : entry.getFileName().toString());
            }
        }
        return owners;
    }

    private static String body(char fill) {
        return String.valueOf(fill).repeat(900) + UUID.randomUUID();
    }

    private static String hash(String body) {
        return Sha256.of(body.getBytes(StandardCharsets.UTF_8));
    }

    private Spider spiderWith(String body) {
        return launcher.spider("cat data.txt", Map.of("data.txt", body));
    }

    private void run(Spider spider) throws Exception {
        assertThat(finish(launcher.launchVersion(spider, spider.currentVersion()))).isEqualTo(TaskStatus.FINISHED);
    }

    private long cacheBytes() throws IOException {
        try (Stream<Path> files = Files.list(workRoot.resolve("cache/blobs"))) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static TaskStatus finish(Launched launched) throws Exception {
        return launched.workflow().getResult(WAIT.toSeconds(), TimeUnit.SECONDS, TaskOutcome.class).status();
    }

    private List<String> lines(long taskId) {
        return logs.page(taskId, 0, 100).stream().map(LogLine::line).toList();
    }

    private Set<String> names(String directory) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(workRoot.resolve(directory))) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (IOException e) {
            // Not there (yet): no names.
        }
        return names;
    }

    private static Set<String> ids(long... ids) {
        Set<String> names = new TreeSet<>();
        for (long id : ids) {
            names.add(Long.toString(id));
        }
        return names;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
