package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spiders talking back over stdout: items, progress, errors, structured logs, and retries. */
class IpcRunTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workRoot;

    @TempDir
    Path scratch;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final TestDatabase database = TestDatabase.shared();
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());
    private final AttemptStore attempts = new AttemptStore(database.jdbcClient());

    @BeforeEach
    void startEnvironment() {
        environment = TestNode.realTime("node-i", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void aSpiderEmittingOneHundredThousandItemsEndsWithExactlyThatManyRowsAndTheSameCountOnTheTask() {
        String spider = """
                import json, sys
                out = sys.stdout
                for start in range(0, 100000, 100):
                    batch = [{"n": n, "title": f"item {n}"} for n in range(start, start + 100)]
                    out.write(json.dumps({"ipc": True, "type": "data", "payload": batch}) + "\\n")
                for n in range(5):
                    print(json.dumps({"ipc": True, "type": "data", "payload": {"single": n}}))
                print("done")
                """;
        Launched launched = launcher.launch("python3 items.py", Map.of("items.py", spider));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        assertThat(items.count(id)).isEqualTo(100_005);
        Task row = launcher.row(id);
        assertThat(row.progress().items()).isEqualTo(100_005);
        assertThat(row.progress().logLines()).isEqualTo(1);
        List<String> firstTwo = new ArrayList<>();
        items.stream(ItemQuery.ofTask(id), 0, 2, firstTwo::add);
        assertThat(firstTwo).containsExactly("{\"n\": 0, \"title\": \"item 0\"}", "{\"n\": 1, \"title\": \"item 1\"}");
    }

    @Test
    void aCrawlabSpiderWorksUnchanged() {
        // The lines Crawlab 0.7's Python SDK prints for save_item / save_items.
        String spider = """
                import json
                def save_item(item):
                    print(json.dumps({"type": "data", "payload": item, "ipc": True}), flush=True)
                def save_items(items):
                    print(json.dumps({"type": "data", "payload": items, "ipc": True}), flush=True)
                save_item({"url": "http://example.test/1", "title": "one"})
                save_items([{"url": "http://example.test/2"}, {"url": "http://example.test/3"}])
                print(json.dumps({"ipc": True, "type": "INSERT_DATA", "payload": {"url": "http://example.test/4"}}))
                """;
        Launched launched = launcher.launch("python3 crawlab_spider.py", Map.of("crawlab_spider.py", spider));

        assertThat(launched.workflow().getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(items.count(launched.task().id())).isEqualTo(4);
        assertThat(logs.page(launched.task().id(), 0, 10)).isEmpty();
    }

    @Test
    void malformedIpcLinesAreKeptAsLogLinesCountedAsWarningsAndTheTaskStillFinishes() {
        String spider = """
                print('{"ipc": true, "type": "data", "payload": {"ok": 1}}')
                print('{"ipc": true, "type": "data", "payload": {broken')
                print('{"ipc": true, "type": "teleport", "payload": {}}')
                print('{"ipc": true, "payload": {}}')
                print('{"ipc": true, "type": "data", "payload": [1, 2]}')
                print('{"ipc": false, "type": "data", "payload": {"not": "an item"}}')
                print('{"ipc": true, "type": "progress", "payload": {"stage": "listing", "current": 3, "total": 12, "percentage": 25.0}}')
                print('{"ipc": true, "type": "error", "payload": {"message": "page 7 timed out", "kind": "network"}}')
                print('{"ipc": true, "type": "log", "payload": {"level": "warning", "message": "slow site"}}')
                """;
        Launched launched = launcher.launch("python3 noisy.py", Map.of("noisy.py", spider));

        assertThat(launched.workflow().getResult(TaskOutcome.class).status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        Task row = launcher.row(id);
        assertThat(items.count(id)).isEqualTo(1);
        assertThat(row.progress().warnings()).isEqualTo(4);
        assertThat(row.progress().stage()).isEqualTo("listing");
        assertThat(row.progress().current()).isEqualTo(3);
        assertThat(row.progress().total()).isEqualTo(12);
        assertThat(row.progress().percentage()).isEqualTo(25.0);
        assertThat(row.progress().errorsReported()).isEqualTo(1);
        assertThat(row.progress().lastError()).isEqualTo("page 7 timed out");
        assertThat(logs.page(id, 0, 20)).extracting(LogLine::line).containsExactly(
                "{\"ipc\": true, \"type\": \"data\", \"payload\": {broken",
                "{\"ipc\": true, \"type\": \"teleport\", \"payload\": {}}",
                "{\"ipc\": true, \"payload\": {}}",
                "{\"ipc\": true, \"type\": \"data\", \"payload\": [1, 2]}",
                "{\"ipc\": false, \"type\": \"data\", \"payload\": {\"not\": \"an item\"}}",
                "spider error (network): page 7 timed out",
                "[WARNING] slow site");
    }

    @Test
    void aSpiderThatFailsTwiceThenSucceedsWithThreeAttemptsEndsFinishedWithEachAttemptRecorded() {
        // The spider counts its runs in a file outside its workspace, which a retry recreates; a
        // retry may run as another runner user, so the file is left writable for any.
        Path counter = TestNode.openToSpiders(scratch).resolve("runs-so-far");
        String spider = """
                import os, sys
                os.umask(0)
                path = sys.argv[1]
                runs = int(open(path).read()) + 1 if os.path.exists(path) else 1
                open(path, "w").write(str(runs))
                print("run", runs, "attempt", os.environ["CRAWLYARD_ATTEMPT"])
                sys.exit(0 if runs == 3 else 5)
                """;
        Launched launched = launcher.launch("python3 flaky.py " + counter, Map.of("flaky.py", spider),
                new TaskPolicy(null, 0, 3, Duration.ofMillis(200), null, Duration.ofSeconds(2), null));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        assertThat(attempts.list(id)).extracting(a -> a.attempt() + " " + a.nodeKey() + " " + a.outcome() + " "
                + a.exitCode()).containsExactly("1 node-i exited 5", "2 node-i exited 5", "3 node-i exited 0");
        assertThat(attempts.list(id)).allSatisfy(a -> assertThat(a.endedAt()).isNotNull());
        assertThat(logs.page(id, 0, 10)).extracting(LogLine::line)
                .containsExactly("run 1 attempt 1", "run 2 attempt 2", "run 3 attempt 3");
    }

    @Test
    void aSpiderThatKeepsFailingEndsInErrorAfterItsLastAttempt() {
        Launched launched = launcher.launch("exit 4", Map.of(),
                new TaskPolicy(null, 0, 2, Duration.ofMillis(100), null, Duration.ofSeconds(2), null));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(attempts.list(launched.task().id())).hasSize(2);
    }

    @Test
    void itemsWithADedupKeyAreIgnoredOrOverwrittenAcrossTasksOfTheSpider() {
        String emit = """
                import json, sys
                for url in sys.argv[2:]:
                    print(json.dumps({"ipc": True, "type": "data", "payload": {"url": url, "version": sys.argv[1]}}))
                """;
        Spider ignoring = launcher.spider("python3 emit.py v1 a b a", Map.of("emit.py", emit));
        Launched first = launcher.launch(ignoring, TaskLauncher.QUICK, new ItemPolicy("url", DedupMode.IGNORE));
        first.workflow().getResult(TaskOutcome.class);
        assertThat(items.countForSpider(ignoring.id())).isEqualTo(2);
        Launched again = launcher.launch(ignoring, TaskLauncher.QUICK, new ItemPolicy("url", DedupMode.IGNORE));
        again.workflow().getResult(TaskOutcome.class);
        assertThat(items.countForSpider(ignoring.id())).isEqualTo(2);
        assertThat(launcher.row(again.task().id()).progress().items()).isZero();

        Spider overwriting = launcher.spider("python3 emit.py v1 a b", Map.of("emit.py", emit));
        launcher.launch(overwriting, TaskLauncher.QUICK, new ItemPolicy("url", DedupMode.OVERWRITE))
                .workflow().getResult(TaskOutcome.class);
        Spider v2 = new Spider(overwriting.id(), overwriting.name(), "", "python3 emit.py v2 a",
                overwriting.currentVersion(), overwriting.files(), Map.of(), overwriting.settings(),
                overwriting.createdAt(), overwriting.updatedAt());
        Launched second = launcher.launch(v2, TaskLauncher.QUICK, new ItemPolicy("url", DedupMode.OVERWRITE));
        second.workflow().getResult(TaskOutcome.class);
        List<String> stored = new ArrayList<>();
        items.stream(ItemQuery.ofSpider(overwriting.id()), 0, 0, stored::add);
        assertThat(stored).containsExactlyInAnyOrder("{\"url\": \"a\", \"version\": \"v2\"}",
                "{\"url\": \"b\", \"version\": \"v1\"}");
        assertThat(items.count(second.task().id())).isEqualTo(1);
    }

    @Test
    void aSpiderOverItsMemoryLimitFailsAndItsTaskSaysItRanOutOfMemoryUnderTheLimit() {
        String hog = """
                print("allocating")
                block = bytearray(400 * 1024 * 1024)
                print("allocated", len(block))
                """;
        Launched launched = launcher.launch("python3 hog.py", Map.of("hog.py", hog),
                new TaskPolicy(null, 200L * 1024 * 1024, 1, null, null, Duration.ofSeconds(2), null));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.MEMORY_LIMIT);
        assertThat(outcome.errorMessage()).startsWith("the spider ran out of memory under its memory limit of 200 MB")
                .endsWith("it printed: MemoryError");
        Task row = launcher.row(launched.task().id());
        assertThat(row.errorKind()).isEqualTo(ErrorKind.MEMORY_LIMIT);
        assertThat(attempts.list(row.id()).getFirst().error()).isEqualTo(outcome.errorMessage());
        assertThat(logs.page(row.id(), 0, 10)).extracting(LogLine::line).contains("allocating", "MemoryError")
                .doesNotContain("allocated 419430400");
    }

    @Test
    void aSpiderKilledByASignalUnderAMemoryLimitIsNotBlamedOnTheLimitButTheMessageNamesIt() {
        Launched launched = launcher.launch("python3 -c 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)'",
                Map.of(), new TaskPolicy(null, 200L * 1024 * 1024, 1, null, null, Duration.ofSeconds(2), null));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(outcome.exitCode()).isEqualTo(139);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SPIDER);
        assertThat(outcome.errorMessage()).startsWith("the spider was killed by SIGSEGV (exit code 139)")
                .contains("memory limit of 200 MB");
    }

    @Test
    void theTasksProgressIsOnItsRowWhileItRuns() throws Exception {
        String spider = """
                import json, time
                print(json.dumps({"ipc": True, "type": "progress", "payload": {"stage": "crawling", "current": 1, "total": 4}}), flush=True)
                print(json.dumps({"ipc": True, "type": "data", "payload": {"page": 1}}), flush=True)
                time.sleep(30)
                """;
        Launched launched = launcher.launch("python3 slow.py", Map.of("slow.py", spider));
        long id = launched.task().id();

        long deadline = System.nanoTime() + WAIT.toNanos();
        Task row = launcher.row(id);
        while (!"crawling".equals(row.progress().stage()) || row.progress().items() != 1) {
            assertThat(System.nanoTime()).as("progress never reached the row: %s", row).isLessThan(deadline);
            Thread.sleep(50);
            row = launcher.row(id);
        }
        assertThat(row.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(row.progress().current()).isEqualTo(1);
        assertThat(row.progress().total()).isEqualTo(4);
        assertThat(row.progress().lastHeartbeatAt()).isNotNull();
        launched.workflow().cancel();
        launcher.awaitStatus(id, TaskStatus.CANCELLED, WAIT);
    }
}
