package dev.crawlyard.collectors.crawler;

import dev.crawlyard.collectors.common.CollectorCommand;
import dev.crawlyard.collectors.common.CollectorProcess;
import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crawler as a spider program. A node runs it for a task of a {@code crawler} spider as
 * {@code "$CRAWLYARD_JAVA" -cp "$CRAWLYARD_COLLECTORS_JAR" dev.crawlyard.collectors.crawler.CrawlerMain}:
 * it reads its config from the task's config file ({@code CRAWLYARD_CONFIG}, under {@code config}),
 * shares the crawl's frontier through the API with the task's token, prints items, progress and
 * log lines as IPC on stdout and stops on the cancel message on stdin.
 *
 * <p>{@code CrawlerMain --local config.json} crawls on its own with a frontier in memory, printing
 * the same lines: for trying a config out.
 */
public final class CrawlerMain {

    /** The shell command a crawler spider's tasks run (see {@link CollectorCommand}). */
    public static final String COMMAND = CollectorCommand.of(CrawlerMain.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CrawlerMain() {
    }

    public static void main(String[] args) throws Exception {
        IpcOut out = IpcOut.stdout();
        StopSignal stop = new StopSignal();
        CrawlerConfig config;
        Frontier frontier;
        if (args.length == 2 && args[0].equals("--local")) {
            config = CrawlerConfig.of(JSON.readTree(Files.readString(Path.of(args[1]))));
            frontier = new MemoryFrontier(config);
        } else {
            String configPath = System.getenv("CRAWLYARD_CONFIG");
            String apiUrl = System.getenv("CRAWLYARD_API_URL");
            String token = System.getenv("CRAWLYARD_TASK_TOKEN");
            if (configPath == null || apiUrl == null || token == null) {
                out.error("config", "CRAWLYARD_CONFIG, CRAWLYARD_API_URL and CRAWLYARD_TASK_TOKEN must be set "
                        + "(a node sets them); to crawl on your own, run with --local config.json");
                System.exit(2);
                return;
            }
            JsonNode task = JSON.readTree(Files.readString(Path.of(configPath)));
            if (!task.path("config").isObject()) {
                out.error("config", "the task's config file " + configPath + " holds no crawler config");
                System.exit(2);
                return;
            }
            config = CrawlerConfig.of(task.path("config"));
            int attempt = Integer.parseInt(System.getenv().getOrDefault("CRAWLYARD_ATTEMPT", "1"));
            frontier = new RemoteFrontier(apiUrl, token, attempt);
        }
        List<ConfigProblems.Problem> problems = ConfigProblems.of(config);
        if (!problems.isEmpty()) {
            out.error("config", "the crawler config cannot run: " + problems);
            System.exit(2);
            return;
        }
        CollectorProcess.run(stop, new Crawler(config, frontier, out, stop)::run);
    }
}
