package dev.crawlyard.activities.examples;

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
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The spiders under examples/ run as users would run them, against a site served by the test. */
class ExampleSpidersTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workRoot;

    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;
    private LocalSite site;
    private final TestDatabase database = TestDatabase.shared();
    private final ItemStore items = new ItemStore(database.jdbcClient(), database.jdbcTemplate());
    private final TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());

    @BeforeEach
    void start() throws IOException {
        environment = TestNode.realTime("node-e", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
        site = new LocalSite();
    }

    @AfterEach
    void stop() {
        environment.close();
        site.close();
    }

    @Test
    void theScrapyProjectCrawlsTheSiteAndStoresEveryQuoteThroughThePipeline() throws Exception {
        String command = "/usr/bin/python3 -m scrapy crawl quotes -a start_url=" + site.url();

        Task task = run(command, files("scrapy-quotes"));

        assertThat(task.status()).as("task %s; log %s", task, log(task)).isEqualTo(TaskStatus.FINISHED);
        List<JsonNode> quotes = items(task);
        assertThat(quotes).hasSize(LocalSite.quotes());
        assertThat(quotes).extracting(q -> q.get("author").asString())
                .contains("Albert Einstein", "Jane Austen", "Marilyn Monroe");
        assertThat(quotes.get(0).get("tags").size()).isEqualTo(2);
        assertThat(log(task)).anySatisfy(line -> assertThat(line).contains("Spider closed (finished)"));
    }

    @Test
    void thePlainPythonSpiderFollowsNextLinksWithTheSdk() throws Exception {
        Spider spider = launcher.spider("python3 spider.py", files("python-basic"));
        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        // The launcher passes greeting=hello; this spider needs start_url, so it must report a config error.
        TaskOutcome missing = launched.workflow().getResult(TaskOutcome.class);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(launcher.row(launched.task().id()).progress().lastError()).contains("start_url");

        Task task = run("python3 spider.py", files("python-basic"), "start_url", site.url());

        assertThat(task.status()).as("log %s", log(task)).isEqualTo(TaskStatus.FINISHED);
        assertThat(items(task)).extracting(i -> i.get("title").asString())
                .containsExactly("Quotes page 1", "Quotes page 2", "Quotes page 3");
        assertThat(task.progress().stage()).isEqualTo("fetching");
        assertThat(task.progress().current()).isEqualTo(3);
    }

    @Test
    void theShellSpiderNeedsNoSdk() throws Exception {
        Task task = run("sh spider.sh", files("shell"));

        assertThat(task.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(items(task)).extracting(i -> i.get("n").asInt()).containsExactly(1, 2, 3);
        assertThat(task.progress().current()).isEqualTo(3);
        assertThat(log(task)).contains("an error line, kept in the log", "[INFO] done");
    }

    private Task run(String command, Map<String, String> files, String... params) {
        Spider spider = launcher.spider(command, files);
        Launched launched = launcher.launchWithParams(spider, Map.of(params.length == 2 ? params[0] : "greeting",
                params.length == 2 ? params[1] : "hello"));
        launched.workflow().getResult(TaskOutcome.class);
        return launcher.row(launched.task().id());
    }

    private List<JsonNode> items(Task task) {
        List<JsonNode> found = new ArrayList<>();
        items.stream(ItemQuery.ofTask(task.id()), 0, 0, json -> found.add(JSON.readTree(json)));
        return found;
    }

    private List<String> log(Task task) {
        return logs.page(task.id(), 0, 1000).stream().map(LogLine::line).toList();
    }

    /** An example's files as a spider's inline files, its spider.json left out. */
    private static Map<String, String> files(String example) throws IOException {
        Path root = EXAMPLES.resolve(example);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (!relative.equals("spider.json") && !relative.contains("__pycache__")) {
                    files.put(relative, Files.readString(file));
                }
            }
        }
        return files;
    }
}
