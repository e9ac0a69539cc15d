package dev.crawlyard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of the api alone and of a worker node, each in a JVM of its own started as the
 * README starts them (the runnable jars, the worker with the compose image's heap bound), idle and
 * with {@code running} spiders at once on the node, the run requests going through that api.
 */
final class MemoryScenario implements Scenario {

    private static final String KEY = "bench-memory";

    private final int running;

    MemoryScenario(int running) {
        this.running = running;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        Path workerJar = Path.of("worker-host", "target", "crawlyard-worker-host-exec.jar");
        Path apiJar = Path.of("api", "target", "crawlyard-api-exec.jar");
        if (!Files.exists(workerJar) || !Files.exists(apiJar)) {
            return List.of(new Figure(name(), "MB", Double.NaN, Double.NaN, "",
                    "not measured: run from the repository root after a build (the runnable jars are missing)"));
        }
        Path root = Files.createTempDirectory("crawlyard-bench-memory-");
        platform.patch("/api/nodes/bench-node", "{\"enabled\": false}");
        Process node = ClusterScenario.start(platform, workerJar, root, KEY);
        Process api = startApi(platform, apiJar, root);
        List<Long> tasks = new ArrayList<>();
        try {
            ClusterScenario.awaitOnline(platform, Set.of(KEY));
            platform.patch("/api/nodes/" + KEY, "{\"maxRunners\": " + running + "}");
            String apiUrl = awaitApi(api, root);
            Thread.sleep(10_000);
            double nodeIdle = rssMegabytes(node);
            double apiIdle = rssMegabytes(api);

            long spider = platform.spider("python3 -c 'import time; time.sleep(120)'", Map.of());
            for (int i = 0; i < running; i++) {
                tasks.add(runThrough(apiUrl, platform.token(), spider));
            }
            awaitRunning(platform, running);
            Thread.sleep(3_000);
            double nodeBusy = rssMegabytes(node);
            double apiBusy = rssMegabytes(api);
            String how = "VmRSS of the JVM; worker: " + workerJar + " with -Xmx256m, api: " + apiJar
                    + " with the JVM's default heap; idle 10 s after start";
            return List.of(
                    new Figure("node memory", "idle MB", nodeIdle, Double.NaN, "<= 300 MB", how),
                    new Figure("node memory", running + " running MB", nodeBusy, Double.NaN, "<= 600 MB",
                            running + " sleeping python spiders on the node at once"),
                    new Figure("api memory", "idle MB", apiIdle, Double.NaN, "", how),
                    new Figure("api memory", running + " running MB", apiBusy, Double.NaN, "",
                            "after " + running + " run requests through it"));
        } finally {
            for (long task : tasks) {
                platform.cancel(task);
            }
            for (long task : tasks) {
                platform.awaitEnd(task, Duration.ofMinutes(1));
            }
            for (Process process : List.of(api, node)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            platform.patch("/api/nodes/bench-node", "{\"enabled\": true}");
        }
    }

    private static Process startApi(Platform platform, Path jar, Path root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=0");
        builder.environment().put("CRAWLYARD_DB_URL", platform.jdbcUrl());
        builder.environment().put("CRAWLYARD_DB_PASSWORD_FILE", platform.databasePasswordFile().toString());
        builder.environment().put("CRAWLYARD_TEMPORAL_APIKEYFILE", platform.temporalApiKeyFile().toString());
        builder.environment().put("CRAWLYARD_TEMPORAL_ADDRESS", platform.temporalAddress());
        return builder.redirectErrorStream(true).redirectOutput(root.resolve("api.log").toFile()).start();
    }

    /** The api's URL, read from its log once Tomcat has started on the free port it chose. */
    private static String awaitApi(Process api, Path root) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        var started = java.util.regex.Pattern.compile("Tomcat started on port (\\d+)");
        while (System.nanoTime() < deadline && api.isAlive()) {
            var matcher = started.matcher(Files.readString(root.resolve("api.log")));
            if (matcher.find()) {
                return "http://127.0.0.1:" + matcher.group(1);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the api did not start: see " + root.resolve("api.log"));
    }

    private static long runThrough(String apiUrl, String token, long spider) throws IOException, InterruptedException {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(apiUrl + "/api/spiders/" + spider + "/run")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 202) {
            throw new IllegalStateException("run through the api: " + reply.statusCode() + " " + reply.body());
        }
        var matcher = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(reply.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no task id in " + reply.body());
        }
        return Long.parseLong(matcher.group(1));
    }

    private static void awaitRunning(Platform platform, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (platform.get("/api/nodes/" + KEY).get("running").asInt() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + count + " spiders ever ran at once on " + KEY);
            }
            Platform.sleep(200);
        }
    }

    private static double rssMegabytes(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }
}
