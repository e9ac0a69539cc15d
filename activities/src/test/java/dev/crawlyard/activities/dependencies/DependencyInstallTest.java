package dev.crawlyard.activities.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.activities.processes.ProcessTable;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.files.VersionFiles;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency installs with the real tools: npm against the public registry, pip against a wheel
 * shipped with the spider (no package index here), and spiders' own install commands. Each node
 * builds an environment once and every later task with the same manifest reuses it.
 */
class DependencyInstallTest {

    @TempDir
    Path workRoot;

    @TempDir
    Path scratch;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final SpiderVersionStore versions = new SpiderVersionStore(TestDatabase.shared().jdbcClient());
    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());

    @BeforeEach
    void start() {
        start(InstallSettings.defaults());
    }

    private void start(InstallSettings install) {
        TestNode.openToSpiders(scratch);
        environment = TestNode.realTime("node-d", workRoot, install);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    void anNpmDependencyInstallsOnceAndIsReusedByTheNextTask() throws IOException {
        Spider spider = launcher.spider("node spider.js && node esm.mjs", Map.of(
                "package.json", "{\"name\": \"npm-spider\", \"version\": \"1.0.0\", \"dependencies\": {\"is-number\": \"7.0.0\"}}",
                "spider.js", "const isNumber = require('is-number');\nconsole.log('require says', isNumber(5), isNumber('x'));\n",
                "esm.mjs", "import isNumber from 'is-number';\nconsole.log('import says', isNumber(7));\n"));

        Task first = finished(launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE));
        Task second = finished(launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE));

        assertThat(output(first)).containsExactly("require says true false", "import says true");
        assertThat(output(second)).containsExactly("require says true false", "import says true");
        assertThat(system(first)).anySatisfy(line -> assertThat(line).contains("installing npm environment"))
                .anySatisfy(line -> assertThat(line).contains("added 1 package"));
        assertThat(system(second)).anySatisfy(line -> assertThat(line).contains("cached on this node; reusing it"))
                .noneSatisfy(line -> assertThat(line).contains("installing"));
        assertThat(environments()).hasSize(1).allSatisfy(name -> assertThat(name).startsWith("npm-"));
    }

    @Test
    void aPythonRequirementOnALocalPackageInstallsOnceAndIsReused() throws IOException {
        Spider spider = launcher.spider("python3 spider.py", Map.of());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("requirements.txt", "--no-index\n--find-links ./wheels\nlocalpkg==1.0\n".getBytes(StandardCharsets.UTF_8));
        files.put("wheels/" + LocalWheel.FILE_NAME, LocalWheel.build());
        files.put("spider.py", """
                import os, sys, localpkg
                print(localpkg.greet())
                print("in its venv", sys.prefix == os.environ["VIRTUAL_ENV"])
                """.getBytes(StandardCharsets.UTF_8));
        versions.create(spider.id(), VersionFiles.of(files), true);

        Task first = finished(launcher.launchVersion(spider, 1));
        Task second = finished(launcher.launchVersion(spider, 1));

        assertThat(output(first)).containsExactly("hello from localpkg", "in its venv True");
        assertThat(output(second)).containsExactly("hello from localpkg", "in its venv True");
        assertThat(Stream.concat(system(first).stream(), system(second).stream())
                .filter(line -> line.contains("Successfully installed localpkg-1.0"))).hasSize(1);
        assertThat(system(second)).anySatisfy(line -> assertThat(line).contains("reusing it"));
        assertThat(environments()).hasSize(1).allSatisfy(name -> assertThat(name).startsWith("python-"));
    }

    @Test
    void twoConcurrentTasksWithTheSameManifestInstallOnce() throws IOException {
        Path installs = scratch.resolve("installs");
        String install = """
                echo installing >> '%s'; sleep 2
                mkdir -p "$CRAWLYARD_ENV_DIR/bin"
                printf '#!/bin/sh\\necho the installed tool ran\\n' > "$CRAWLYARD_ENV_DIR/bin/installed-tool"
                chmod +x "$CRAWLYARD_ENV_DIR/bin/installed-tool"
                """.formatted(installs);
        Spider spider = launcher.spiderInstalledBy("installed-tool", install, Map.of("requirements.txt", "anything\n"));

        Launched a = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        Launched b = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        Task first = finished(a);
        Task second = finished(b);

        assertThat(Files.readAllLines(installs)).containsExactly("installing");
        assertThat(output(first)).containsExactly("the installed tool ran");
        assertThat(output(second)).containsExactly("the installed tool ran");
        assertThat(Stream.concat(system(first).stream(), system(second).stream()))
                .anySatisfy(line -> assertThat(line).contains("waiting for another task on this node"));
    }

    @Test
    void aFailingInstallEndsTheTaskInErrorWithKindDependenciesAndTheInstallsOutput() throws IOException {
        Spider spider = launcher.spider("python3 spider.py", Map.of(
                "requirements.txt", "--no-index\nno-such-package-anywhere==1.0\n",
                "spider.py", "print('the spider ran')\n"));

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.DEPENDENCIES);
        assertThat(outcome.errorMessage()).contains("failed with exit code 1")
                .contains("No matching distribution found for no-such-package-anywhere==1.0");
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(row.errorKind()).isEqualTo(ErrorKind.DEPENDENCIES);
        assertThat(system(row)).anySatisfy(line -> assertThat(line).contains("-m pip install"))
                .anySatisfy(line -> assertThat(line).contains("Could not find a version that satisfies"));
        assertThat(output(row)).isEmpty();
        assertThat(environments()).isEmpty();
    }

    @Test
    void anInstallPastItsTimeoutIsKilledWithItsChildrenAndEndsTheTaskInError() throws Exception {
        environment.close();
        start(new InstallSettings(Duration.ofSeconds(2)));
        Path pid = scratch.resolve("pid");
        Spider spider = launcher.spiderInstalledBy("echo the spider ran",
                "echo started; sleep 60 & echo $! > '" + pid + "'; wait", Map.of());

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.DEPENDENCIES);
        assertThat(outcome.errorMessage()).contains("timed out after 2s").contains("started");
        assertThat(ProcessTable.isRunning(Long.parseLong(Files.readString(pid).trim()))).isFalse();
        assertThat(output(launcher.row(launched.task().id()))).isEmpty();
    }

    @Test
    void anInstallsLastLinesBeforeASilenceAreInTheLogDuringIt() throws Exception {
        Path go = scratch.resolve("go");
        // It says what it does, then waits, silent, until the test has seen the line. The line comes
        // right after one that is stored at once (the first after a pause), so that it is pending
        // when the silence begins, however long the install took to start.
        Spider spider = launcher.spiderInstalledBy("echo the spider ran", "echo starting; sleep 0.5; echo resolved;"
                + " echo fetching the packages; while [ ! -e '" + go + "' ]; do sleep 0.05; done", Map.of());

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Task row = launcher.row(launched.task().id());
        while (!system(row).contains("fetching the packages")) {
            assertThat(System.nanoTime()).as("the install's line is in the log while it waits; log: %s",
                    system(row)).isLessThan(deadline);
            assertThat(Files.exists(go)).isFalse();
            Thread.sleep(50);
        }
        assertThat(system(row)).anySatisfy(line -> assertThat(line).startsWith("$ "));
        Files.createFile(go);

        assertThat(output(finished(launched))).containsExactly("the spider ran");
    }

    private Task finished(Launched launched) {
        launched.workflow().getResult(TaskOutcome.class);
        Task task = launcher.row(launched.task().id());
        assertThat(task.status()).as("task %s, log %s", task, lines(task)).isEqualTo(TaskStatus.FINISHED);
        return task;
    }

    private List<LogLine> lines(Task task) {
        return logs.page(task.id(), 0, 5000);
    }

    private List<String> output(Task task) {
        return lines(task).stream().filter(l -> l.stream() != LogStream.SYSTEM).map(LogLine::line).toList();
    }

    private List<String> system(Task task) {
        return lines(task).stream().filter(l -> l.stream() == LogStream.SYSTEM).map(LogLine::line).toList();
    }

    /** The environments built on the node, by directory name. */
    private List<String> environments() throws IOException {
        Path root = workRoot.resolve("envs");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }
}
