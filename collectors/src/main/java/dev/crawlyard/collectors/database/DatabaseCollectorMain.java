package dev.crawlyard.collectors.database;

import dev.crawlyard.collectors.common.CollectorCommand;
import dev.crawlyard.collectors.common.CollectorProcess;
import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database collector as a spider program, run by a node for a task of a {@code database}
 * spider as {@link #COMMAND}: config and state from the task's config file, credentials from the
 * environment, statistics onto the task through the completion call with the task's token. The
 * PostgreSQL driver is in the collectors' jar; another database's driver goes in the node's
 * {@code jdbc-drivers} directory ({@code CRAWLYARD_JDBC_DRIVERS}), which is on the class path.
 *
 * <p>{@code DatabaseCollectorMain --local config.json} syncs on its own (no state), for trying a config out.
 */
public final class DatabaseCollectorMain {

    /** The shell command a database spider's tasks run: the collectors' jar and the node's JDBC drivers. */
    public static final String COMMAND = CollectorCommand.of(DatabaseCollectorMain.class,
            "$CRAWLYARD_JDBC_DRIVERS/*");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DatabaseCollectorMain() {
    }

    public static void main(String[] args) throws Exception {
        IpcOut out = IpcOut.stdout();
        StopSignal stop = new StopSignal();
        JsonNode configJson;
        JsonNode state = null;
        String syncKey;
        DatabaseCollector.ResultSink result = DatabaseCollector.ResultSink.NONE;
        if (args.length == 2 && args[0].equals("--local")) {
            configJson = JSON.readTree(Files.readString(Path.of(args[1])));
            syncKey = "local";
        } else {
            String configPath = System.getenv("CRAWLYARD_CONFIG");
            if (configPath == null) {
                out.error("config", "CRAWLYARD_CONFIG must be set (a node sets it); to sync on your own, run with"
                        + " --local config.json");
                System.exit(DatabaseCollector.EXIT_CONFIG);
                return;
            }
            JsonNode task = JSON.readTree(Files.readString(Path.of(configPath)));
            configJson = task.path("config");
            state = task.path("state").isObject() ? task.path("state") : null;
            syncKey = "spider:" + task.path("spiderId").asLong();
            result = completion(System.getenv("CRAWLYARD_API_URL"), System.getenv("CRAWLYARD_TASK_TOKEN"),
                    task.path("taskId").asLong());
        }
        if (!configJson.isObject()) {
            out.error("config", "the task's config file holds no database collector config");
            System.exit(DatabaseCollector.EXIT_CONFIG);
            return;
        }
        DatabaseConfig config = DatabaseConfig.of(configJson);
        List<DatabaseConfigProblems.Problem> problems = DatabaseConfigProblems.of(config);
        if (!problems.isEmpty()) {
            out.error("config", "the database collector config cannot run: " + problems);
            System.exit(DatabaseCollector.EXIT_CONFIG);
            return;
        }
        // SIGTERM stops it between batches; a batch in flight is rolled back with its checkpoint.
        DatabaseCollector collector = new DatabaseCollector(config, System.getenv(), syncKey, state, out, stop, result);
        CollectorProcess.run(stop, collector::run);
    }

    /** Puts the statistics on the task as its result: the completion call of the HTTP monitoring API. */
    private static DatabaseCollector.ResultSink completion(String apiUrl, String token, long taskId) {
        if (apiUrl == null || token == null) {
            return DatabaseCollector.ResultSink.NONE;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return stats -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("execution_id", taskId);
            body.put("status", "synced");
            body.put("result_data", stats);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/v1/monitoring/completion")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the completion call answered " + response.statusCode());
            }
        };
    }
}
