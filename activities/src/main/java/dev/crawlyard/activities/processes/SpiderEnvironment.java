package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.ChildEnvironment;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.workflows.processes.RunRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a spider finds around it: the environment variables of the IPC protocol (with the names
 * that Crawlab and container spiders read), its installed dependencies, its config file and its
 * output directory.
 */
final class SpiderEnvironment {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SpiderEnvironment() {
    }

    /**
     * Writes the task's config file, output directory and home (all the runner user's) and returns
     * the process's environment: a clean base of the node's (see {@link ChildEnvironment}; never
     * the node's own settings or secrets), the task's variables, its dependency environments, and
     * the protocol's variables, which a task cannot override.
     */
    static Map<String, String> prepare(LocalNode node, RunRequest request, String taskToken, Runner runner,
            String state) throws IOException {
        Path runDirectory = writeRunFiles(node, request, runner, state);
        Path output = runDirectory.resolve("output");
        Path home = runDirectory.resolve("home");
        Path config = runDirectory.resolve("config.json");
        boolean builtIn = request.type() != null && !request.type().equals("command");

        Map<String, String> env = ChildEnvironment.forSpider(home, runner);
        env.putAll(request.env());
        // The installed dependencies come first on the search paths, so that the environment's
        // python3 and packages are the ones the spider finds.
        request.dependencyEnv().forEach((name, value) -> {
            String existing = env.get(name);
            boolean searchPath = name.equals("PATH") || name.equals("NODE_PATH");
            env.put(name, searchPath && existing != null && !existing.isBlank() ? value + ":" + existing : value);
        });
        putProtocol(env, node, request, taskToken, config.toString(), output.toString());
        String sdk = SpiderSdk.python(node.sdk()).toString();
        String pythonPath = env.get("PYTHONPATH");
        env.put("PYTHONPATH", pythonPath == null || pythonPath.isBlank() ? sdk : sdk + ":" + pythonPath);
        if (builtIn) {
            env.put("CRAWLYARD_JAVA", Collectors.java());
            env.put("CRAWLYARD_COLLECTORS_JAR", Collectors.jar(node.sdk()).toString());
            env.put("CRAWLYARD_JDBC_DRIVERS", Collectors.drivers(node.sdk()).toString());
        }
        return env;
    }

    /**
     * The environment of a container spider: the task's variables and the protocol's, with the
     * paths as the container sees them ({@code /app/config.json}, {@code /app/output}); nothing of
     * the node's own environment. The run files must be written first ({@link #writeRunFiles}).
     */
    static Map<String, String> forContainer(LocalNode node, RunRequest request, String taskToken) {
        Map<String, String> env = new java.util.HashMap<>(request.env());
        // A user without an entry in the image's passwd has / as its home, where it cannot write.
        env.putIfAbsent("HOME", "/tmp");
        putProtocol(env, node, request, taskToken, ContainerLaunch.CONFIG, ContainerLaunch.OUTPUT);
        return env;
    }

    private static void putProtocol(Map<String, String> env, LocalNode node, RunRequest request, String taskToken,
            String config, String output) {
        String taskId = Long.toString(request.taskId());
        env.put("CRAWLYARD_TASK_ID", taskId);
        env.put("CRAWLYARD_SPIDER_ID", Long.toString(request.spiderId()));
        env.put("CRAWLYARD_NODE", node.key());
        env.put("CRAWLYARD_CONFIG", config);
        env.put("CRAWLYARD_OUTPUT_DIR", output);
        env.put("CRAWLYARD_API_URL", node.apiUrl());
        env.put("TASK_EXECUTION_ID", taskId);
        env.put("CONFIG_PATH", config);
        env.put("API_BASE_URL", node.apiUrl());
        env.put("CRAWLAB_TASK_ID", taskId);
        env.put("CRAWLYARD_ATTEMPT", Integer.toString(request.attempt()));
        // Lets the spider call the HTTP heartbeat API for this task, and only this task.
        env.put("CRAWLYARD_TASK_TOKEN", taskToken);
        // Python buffers stdout when it is a pipe; unbuffered, a spider's lines reach the log as printed.
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
    }

    /**
     * Writes the task's config file, output directory and home, all the runner user's; returns the
     * run directory. {@code state} is the spider's saved state (JSON), or null.
     */
    static Path writeRunFiles(LocalNode node, RunRequest request, Runner runner, String state) throws IOException {
        Path runDirectory = node.runDirectory(request.taskId());
        Path output = runDirectory.resolve("output");
        Files.createDirectories(output);
        Path home = runDirectory.resolve("home");
        Files.createDirectories(home);
        Path config = runDirectory.resolve("config.json");
        Map<String, Object> configBody = new LinkedHashMap<>();
        configBody.put("taskId", request.taskId());
        configBody.put("spiderId", request.spiderId());
        configBody.put("node", node.key());
        configBody.put("attempt", request.attempt());
        configBody.put("params", request.params());
        // The state the spider's last successful run saved (null for none), as a spider reads it.
        configBody.put("state", state == null ? null : JSON.readTree(state));
        boolean builtIn = request.type() != null && !request.type().equals("command");
        if (builtIn) {
            // A built-in type's program reads its config here, as any spider reads its params.
            configBody.put("type", request.type());
            configBody.put("config", request.config() == null ? null : JSON.readTree(request.config()));
        }
        Files.writeString(config, JSON.writeValueAsString(configBody));
        runner.own(runDirectory);
        return runDirectory;
    }
}
