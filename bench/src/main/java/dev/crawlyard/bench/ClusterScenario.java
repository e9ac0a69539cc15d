package dev.crawlyard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Scenarios 5 and beyond, with three worker nodes in JVMs of their own (the in-process node is
 * disabled meanwhile): how 300 random tasks spread over them, the database load of idle nodes,
 * and recovery: from SIGKILL of the node running a task to the task running again elsewhere.
 */
final class ClusterScenario implements Scenario {

    private static final List<String> KEYS = List.of("bench-a", "bench-b", "bench-c");

    private final int spreadTasks;
    private final int recoveries;

    ClusterScenario(int spreadTasks, int recoveries) {
        this.spreadTasks = spreadTasks;
        this.recoveries = recoveries;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        Path jar = Path.of("worker-host", "target", "crawlyard-worker-host-exec.jar");
        if (!Files.exists(jar)) {
            return List.of(new Figure("recovery after SIGKILL", "s", Double.NaN, Double.NaN, "",
                    "not measured: run from the repository root after a build (" + jar + " is missing)"));
        }
        Path root = Files.createTempDirectory("crawlyard-bench-nodes-");
        Map<String, Process> nodes = startNodes(platform, jar, root, KEYS);
        try {
            // Idle load first: after a burst of tasks, autovacuum's own transactions would count too.
            List<Figure> figures = new ArrayList<>();
            figures.add(idleLoad(platform));
            figures.addAll(spread(platform));
            figures.add(recovery(platform, jar, root, nodes));
            return figures;
        } finally {
            stopNodes(platform, nodes);
        }
    }

    /**
     * Worker JVMs under {@code keys}, online, with the platform's own node disabled meanwhile; end
     * them with {@link #stopNodes}. The map is the caller's to change (a killed node replaced).
     */
    static Map<String, Process> startNodes(Platform platform, Path jar, Path root, List<String> keys)
            throws Exception {
        Map<String, Process> nodes = new LinkedHashMap<>();
        platform.patch("/api/nodes/bench-node", "{\"enabled\": false}");
        try {
            for (String key : keys) {
                nodes.put(key, start(platform, jar, root, key));
            }
            awaitOnline(platform, nodes.keySet());
            return nodes;
        } catch (Exception | Error e) {
            stopNodes(platform, nodes);
            throw e;
        }
    }

    /** Stops the worker JVMs and enables the platform's own node again. */
    static void stopNodes(Platform platform, Map<String, Process> nodes) throws InterruptedException {
        for (Process node : nodes.values()) {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
        platform.patch("/api/nodes/bench-node", "{\"enabled\": true}");
    }

    private List<Figure> spread(Platform platform) {
        long spider = platform.spider("true", Map.of());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < spreadTasks; i++) {
            ids.add(platform.run(spider));
        }
        for (long id : ids) {
            platform.awaitEnd(id, Duration.ofMinutes(5));
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        platform.jdbc().query("SELECT node_key, count(*) AS n FROM tasks WHERE id BETWEEN ? AND ? GROUP BY node_key"
                + " ORDER BY node_key", rs -> {
                    counts.put(rs.getString("node_key"), rs.getLong("n"));
                }, ids.getFirst(), ids.getLast());
        long most = counts.values().stream().mapToLong(v -> (Long) v).max().orElse(0);
        return List.of(new Figure("spread over 3 nodes", "max share %", 100.0 * most / spreadTasks, 100.0 / 3, "",
                spreadTasks + " random tasks of `true`, tasks per node: " + counts + " (ceiling: an even third)"));
    }

    private Figure idleLoad(Platform platform) throws InterruptedException {
        Platform.sleep(2000);
        long before = commits(platform);
        Thread.sleep(10_000);
        long after = commits(platform);
        // The count read is itself a transaction; it is taken away.
        double perSecond = (after - before - 1) / 10.0;
        return new Figure("idle nodes' database load", "transactions/s", perSecond, Double.NaN, "",
                "transactions committed in 10 s with 3 idle nodes and an idle api, before any task of this run"
                        + " (each node reports every 5 s)");
    }

    private Figure recovery(Platform platform, Path jar, Path root, Map<String, Process> nodes) throws Exception {
        long spider = platform.spider("python3 -c 'import time; time.sleep(60)'", Map.of());
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < recoveries; i++) {
            long task = platform.run(spider);
            String node = awaitRunning(platform, task);
            long killed = System.nanoTime();
            nodes.get(node).destroyForcibly();
            nodes.get(node).waitFor(30, TimeUnit.SECONDS);
            while (true) {
                JsonNode attempts = platform.get("/api/tasks/" + task).get("attempts");
                if (attempts.size() >= 2) {
                    seconds.add((System.nanoTime() - killed) / 1e9);
                    break;
                }
                Platform.sleep(100);
            }
            platform.cancel(task);
            platform.awaitEnd(task, Duration.ofMinutes(1));
            // The replacement joins under a new key: Temporal's test server keeps handing tasks of a
            // node's queue to the polls of a process that was killed, so a node restarted under the
            // same key would see its first steps stranded (a real Temporal server does not do this).
            String replacement = node + "-" + (i + 1);
            nodes.remove(node);
            nodes.put(replacement, start(platform, jar, root, replacement));
            awaitOnline(platform, nodes.keySet());
        }
        Stats stats = Stats.of(seconds);
        return new Figure("recovery after SIGKILL", "median s", stats.p50(), Double.NaN,
                "<= heartbeat timeout (20 s) + 5 s", recoveries + " runs: a task's node killed with SIGKILL, until"
                        + " the task's next attempt started on another node; max " + String.format("%.1f", stats.max()) + " s");
    }

    private static String awaitRunning(Platform platform, long task) {
        while (true) {
            JsonNode row = platform.get("/api/tasks/" + task);
            if (row.get("status").asString().equals("running")) {
                return row.get("node").asString();
            }
            Platform.sleep(50);
        }
    }

    static Process start(Platform platform, Path jar, Path root, String key) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString());
        builder.environment().put("CRAWLYARD_DB_URL", platform.jdbcUrl());
        builder.environment().put("CRAWLYARD_DB_PASSWORD_FILE", platform.databasePasswordFile().toString());
        builder.environment().put("CRAWLYARD_TEMPORAL_APIKEYFILE", platform.temporalApiKeyFile().toString());
        builder.environment().put("CRAWLYARD_TEMPORAL_ADDRESS", platform.temporalAddress());
        builder.environment().put("CRAWLYARD_NODE_KEY", key);
        // A crawler's frontier is reached through the API.
        builder.environment().put("CRAWLYARD_NODE_API_URL", platform.baseUrl());
        builder.environment().put("CRAWLYARD_NODE_WORK_DIR", root.resolve(key).toString());
        // Workflows stay in the platform's own process, which is never killed (see the README on
        // the embedded Temporal and dead workers).
        builder.environment().put("CRAWLYARD_WORKFLOWHOST_ENABLED", "false");
        return builder.redirectErrorStream(true).redirectOutput(root.resolve(key + ".log").toFile()).start();
    }

    static void awaitOnline(Platform platform, java.util.Set<String> keys) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode nodes = platform.get("/api/nodes");
            long online = 0;
            for (JsonNode node : nodes) {
                if (keys.contains(node.get("key").asString()) && node.get("online").asBoolean()
                        && node.get("running").asInt() == 0) {
                    online++;
                }
            }
            if (online == keys.size()) {
                Platform.sleep(1000);
                return;
            }
            Platform.sleep(200);
        }
        throw new IllegalStateException("the bench nodes did not come online");
    }

    private static long commits(Platform platform) {
        return platform.jdbc().queryForObject(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", Long.class);
    }
}
