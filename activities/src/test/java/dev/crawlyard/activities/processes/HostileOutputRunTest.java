package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real spiders printing what broke the output reader: the task ends normally with every other
 * line and item stored, and what had to be repaired is counted as warnings.
 */
class HostileOutputRunTest {

    static final long SEED = 14_000_003L;
    static final int SPIDERS = 6;
    static final int LINES_PER_SPIDER = 150;

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private final TestDatabase database = TestDatabase.shared();
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());

    @BeforeEach
    void startEnvironment() {
        environment = TestNode.realTime("node-h", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    /** A Python spider that writes these bytes to its stdout as they are. */
    private static String printing(byte[] output) {
        return "import base64, sys\nsys.stdout.buffer.write(base64.b64decode('"
                + Base64.getEncoder().encodeToString(output) + "'))\nsys.stdout.flush()\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLinesThatKilledTheReaderEndInAFinishedTaskWithEverythingElseStored() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("first line\n"));
        out.writeBytes(bytes("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"percentage\": 1e999}}\n"));
        out.writeBytes(bytes("{\"ipc\": true, \"type\": \"data\", \"payload\": {\"n\": 1}}\n"));
        out.writeBytes(bytes("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"current\": 1e308, \"total\": 10,"
                + " \"percentage\": 1e999}}\n"));
        out.writeBytes(bytes("{\"ipc\": true, \"type\": \"error\", \"payload\": {\"message\": \"bad\\u0000page\"}}\n"));
        out.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xFE, ' ', 'u', 't', 'f', '\n'});
        out.writeBytes(bytes("raw\u0000nul\n"));
        out.writeBytes(bytes("\u001b[32mgreen\u001b[0m 50%\r100%\n"));
        out.writeBytes(bytes("L".repeat(1024 * 1024 + 10) + "\n"));
        for (int n = 2; n <= 500; n++) {
            out.writeBytes(bytes("{\"ipc\": true, \"type\": \"data\", \"payload\": {\"n\": " + n + "}}\nline " + n + "\n"));
        }
        Launched launched = launcher.launch("python3 hostile.py", Map.of("hostile.py", printing(out.toByteArray())));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        assertThat(items.count(id)).isEqualTo(500);
        List<LogLine> stored = logs.page(id, 0, 5000);
        List<String> spiderLines = stored.stream().filter(l -> l.stream() != LogStream.SYSTEM).map(LogLine::line).toList();
        assertThat(spiderLines).contains("first line", "bad \uFFFD\uFFFD utf", "raw\uFFFDnul",
                "\u001b[32mgreen\u001b[0m 50%\r100%", "line 2", "line 500");
        assertThat(spiderLines.stream().filter(l -> l.startsWith("LLL")).mapToInt(String::length).sum())
                .isEqualTo(1024 * 1024 + 10);
        assertThat(stored).anyMatch(l -> l.line().equals("spider error (spider): bad\uFFFDpage"));
        Task row = launcher.row(id);
        assertThat(row.progress().current()).isEqualTo(Long.MAX_VALUE);
        assertThat(row.progress().percentage()).isEqualTo(100.0);
        assertThat(row.progress().lastError()).isEqualTo("bad\uFFFDpage");
        // The repaired lines: progress out of range (2), the NUL error, bad UTF-8, the raw NUL, the long line.
        assertThat(row.progress().warnings()).isEqualTo(6);
        assertThat(row.errorMessage()).isNull();
    }

    static Stream<Arguments> hostileSpiders() {
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, SPIDERS).mapToObj(i -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int l = 0; l < LINES_PER_SPIDER; l++) {
                out.writeBytes(HostileLines.line(random));
                out.write('\n');
                out.writeBytes(bytes("marker " + l + "\n"));
                out.writeBytes(bytes("{\"ipc\": true, \"type\": \"data\", \"payload\": {\"marker\": " + l + "}}\n"));
            }
            return Arguments.of(i, out.toByteArray());
        });
    }

    @ParameterizedTest(name = "spider {0}")
    @MethodSource("hostileSpiders")
    void aSpiderPrintingGeneratedHostileLinesIsNeitherStuckNorSilentlyEmptied(int index, byte[] output) {
        Launched launched = launcher.launch("python3 fuzz.py", Map.of("fuzz.py", printing(output)));

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        List<String> lines = new ArrayList<>();
        logs.page(id, 0, 100_000).forEach(l -> lines.add(l.line()));
        assertThat(lines).containsAll(IntStream.range(0, LINES_PER_SPIDER).mapToObj(l -> "marker " + l).toList());
        List<String> markers = new ArrayList<>();
        items.stream(ItemQuery.ofTask(id), 0, 0, json -> {
            if (json.contains("\"marker\"")) {
                markers.add(json);
            }
        });
        assertThat(markers).hasSize(LINES_PER_SPIDER);
        assertThat(launcher.row(id).errorMessage()).isNull();
    }
}
