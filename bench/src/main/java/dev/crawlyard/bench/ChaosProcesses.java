package dev.crawlyard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of the chaos scenario, each a JVM of its own started from the built jars, as a user
 * would start them: PostgreSQL, Temporal ({@code ./crawlyard temporal}'s main), a workflow host (the
 * standalone platform with both services configured and no node), the api alone, and worker nodes.
 */
final class ChaosProcesses implements AutoCloseable {

    private static final Path STANDALONE = Path.of("standalone", "target", "crawlyard-standalone-exec.jar");
    private static final Path API = Path.of("api", "target", "crawlyard-api-exec.jar");
    private static final Path WORKER = Path.of("worker-host", "target", "crawlyard-worker-host-exec.jar");
    private static final Path BENCH = Path.of("bench", "target", "crawlyard-bench.jar");
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Path root;
    private final String java = ProcessHandle.current().info().command().orElse("java");
    private final List<Process> started = new ArrayList<>();
    final int postgresPort = freePort();
    final int temporalPort = freePort();
    final int apiPort = freePort();
    private final int hostPort = freePort();

    ChaosProcesses(Path root) {
        this.root = root;
    }

    /** The jars the processes are started from; a missing one means the harness was not built. */
    static List<Path> missingJars() {
        return List.of(STANDALONE, API, WORKER, BENCH).stream().filter(jar -> !Files.exists(jar)).toList();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    String temporalAddress() {
        return "127.0.0.1:" + temporalPort;
    }

    /** The key the chaos Temporal generates on its first start and every other process reads. */
    Path temporalKeyFile() {
        return root.resolve("temporal.key");
    }

    Process startPostgres() {
        return start("postgres", List.of("-Xmx128m", "-Dloader.main=" + PostgresMain.class.getName(), "-cp",
                BENCH.toString(), LAUNCHER, root.resolve("pgdata").toString(), Integer.toString(postgresPort)),
                Map.of(), "postgres ready", Duration.ofMinutes(5));
    }

    Process startTemporal() {
        return start("temporal", List.of("-Xmx512m", "-Dloader.main=dev.crawlyard.standalone.TemporalMain", "-cp",
                STANDALONE.toString(), LAUNCHER, "--crawlyard.standalone.temporal-port=" + temporalPort),
                Map.of("CRAWLYARD_TEMPORAL_APIKEYFILE", temporalKeyFile().toString()), "Temporal is ready",
                Duration.ofMinutes(5));
    }

    /** The workflows' host: the standalone platform over the configured services, without a node. */
    Process startWorkflowHost(Map<String, String> settings) {
        return start("workflow-host", List.of("-Xmx512m", "-jar", STANDALONE.toString(), "--server.port=" + hostPort,
                "--crawlyard.standalone.in-process-node=false", "--logging.level.root=WARN",
                "--logging.level.dev.crawlyard=INFO"),
                services(settings), "Started StandaloneApplication", Duration.ofMinutes(8));
    }

    /** The api alone: a Temporal client, no workflows, no node. */
    Process startApi(Map<String, String> settings) {
        return start("api", List.of("-Xmx384m", "-jar", API.toString(), "--server.port=" + apiPort),
                services(settings), "Started ApiApplication", Duration.ofMinutes(8));
    }

    Process startWorker(String key, Map<String, String> settings) {
        Map<String, String> env = services(settings);
        env.put("CRAWLYARD_NODE_KEY", key);
        env.put("CRAWLYARD_NODE_WORK_DIR", root.resolve("nodes").resolve(key).toString());
        env.put("CRAWLYARD_NODE_API_URL", "http://127.0.0.1:" + apiPort);
        // Workflows stay in the workflow host, which is never killed (see the README on the test server).
        env.put("CRAWLYARD_WORKFLOWHOST_ENABLED", "false");
        return start(key, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", WORKER.toString()), env,
                "is polling", Duration.ofMinutes(5));
    }

    private Map<String, String> services(Map<String, String> settings) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("CRAWLYARD_DB_URL", jdbcUrl());
        env.put("CRAWLYARD_TEMPORAL_ADDRESS", temporalAddress());
        env.put("CRAWLYARD_TEMPORAL_APIKEYFILE", temporalKeyFile().toString());
        return env;
    }

    /**
     * Starts the process and waits for its ready line; one that exits first (on this busy machine a
     * service's first call can time out) is started again, up to three times.
     */
    private Process start(String name, List<String> arguments, Map<String, String> env, String ready,
            Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(root);
                Path log = root.resolve(name + "-" + System.nanoTime() + ".log");
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(arguments);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                started.add(process);
                if (awaitLine(process, log, ready, timeout)) {
                    return process;
                }
                if (attempt == 3) {
                    throw new IllegalStateException(name + " exited before it was ready, three times; see " + log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** True once the log has the ready line, false if the process exited first. */
    private static boolean awaitLine(Process process, Path log, String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Platform.sleep(200);
        }
        throw new IllegalStateException("a process was not ready within " + timeout + "; see " + log);
    }

    /** SIGKILL, as a machine that dies. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and a wait for a clean stop. */
    static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        // In reverse: nodes and the api first, the services last.
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
