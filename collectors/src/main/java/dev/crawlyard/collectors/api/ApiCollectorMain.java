package dev.crawlyard.collectors.api;

import dev.crawlyard.collectors.common.CollectorCommand;
import dev.crawlyard.collectors.common.CollectorProcess;
import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API collector as a spider program, run by a node for a task of an {@code api} spider as
 * {@link #COMMAND}: it reads its config, the run's parameters and the spider's state from the task's
 * config file ({@code CRAWLYARD_CONFIG}), its credentials from the environment, paces its requests
 * through the API with the task's token, and prints items, progress, state and log lines as IPC.
 *
 * <p>{@code ApiCollectorMain --local config.json} collects on its own (pacing in the process, no
 * state), printing the same lines: for trying a config out.
 */
public final class ApiCollectorMain {

    /** The shell command an api spider's tasks run. */
    public static final String COMMAND = CollectorCommand.of(ApiCollectorMain.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiCollectorMain() {
    }

    public static void main(String[] args) throws Exception {
        IpcOut out = IpcOut.stdout();
        StopSignal stop = new StopSignal();
        JsonNode configJson;
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode state = null;
        Pace pace;
        if (args.length == 2 && args[0].equals("--local")) {
            configJson = JSON.readTree(Files.readString(Path.of(args[1])));
            pace = null;
        } else {
            String configPath = System.getenv("CRAWLYARD_CONFIG");
            if (configPath == null) {
                out.error("config", "CRAWLYARD_CONFIG must be set (a node sets it); to collect on your own, run with"
                        + " --local config.json");
                System.exit(ApiCollector.EXIT_CONFIG);
                return;
            }
            JsonNode task = JSON.readTree(Files.readString(Path.of(configPath)));
            configJson = task.path("config");
            task.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            state = task.path("state").isObject() ? task.path("state") : null;
            String apiUrl = System.getenv("CRAWLYARD_API_URL");
            String token = System.getenv("CRAWLYARD_TASK_TOKEN");
            int attempt = Integer.parseInt(System.getenv().getOrDefault("CRAWLYARD_ATTEMPT", "1"));
            pace = apiUrl == null || token == null ? null : new RemotePace(apiUrl, token, attempt);
        }
        if (!configJson.isObject()) {
            out.error("config", "the task's config file holds no api collector config");
            System.exit(ApiCollector.EXIT_CONFIG);
            return;
        }
        ApiConfig config = ApiConfig.of(configJson);
        List<ApiConfigProblems.Problem> problems = ApiConfigProblems.of(config);
        if (!problems.isEmpty()) {
            out.error("config", "the api collector config cannot run: " + problems);
            System.exit(ApiCollector.EXIT_CONFIG);
            return;
        }
        if (config.rate() <= 0) {
            pace = Pace.NONE;
        } else if (pace == null) {
            pace = Pace.local(config.rate(), config.burst());
        }
        Pace chosen = pace;
        JsonNode saved = state;
        CollectorProcess.run(stop, () -> run(config, System.getenv(), params, saved, out, stop, chosen));
    }

    /** One run, from its parts: what the program does, and what the tests call. */
    public static int run(ApiConfig config, Map<String, String> env, Map<String, String> params, JsonNode state,
            IpcOut out, StopSignal stop, Pace pace) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout()).build();
        Credentials credentials;
        try {
            credentials = new Credentials(config.auth(), env, client, config.requestTimeout());
        } catch (Credentials.Failure e) {
            out.error("config", e.getMessage());
            return ApiCollector.EXIT_CONFIG;
        }
        ApiHttp http = new ApiHttp(config, client, credentials, pace);
        return new ApiCollector(config, http, credentials, params, state, out, stop).run();
    }
}
