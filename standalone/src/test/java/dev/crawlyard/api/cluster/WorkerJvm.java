package dev.crawlyard.api.cluster;

import dev.crawlyard.api.StandaloneTestPlatform;
import dev.crawlyard.standalone.EmbeddedServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A worker-host node in a JVM of its own, for tests of what crosses process boundaries. */
final class WorkerJvm implements AutoCloseable {

    private final String key;
    private final Path directory;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private boolean ownLogging;
    private Process process;
    private Path log;

    /**
     * @param key       the node's key
     * @param directory where its work directory, its spiders' directory and its log go; others must be
     *                  able to pass through its parent (spiders may run as runner users)
     * @param settings  environment variables, e.g. the database and Temporal to join
     */
    WorkerJvm(String key, Path directory, Map<String, String> settings) {
        this(key, directory, settings, List.of());
    }

    /** The same, with options for the JVM (such as {@code -Duser.home}). */
    WorkerJvm(String key, Path directory, Map<String, String> settings, List<String> jvmOptions) {
        this.key = key;
        this.directory = directory;
        this.settings = settings;
        this.jvmOptions = jvmOptions;
    }

    String key() {
        return key;
    }

    /**
     * Leaves the tests' own classes and resources off the node's classpath, so that it logs as a
     * deployed node does, by Spring Boot's logging settings rather than the tests' logback-test.xml.
     */
    /**
     * The settings a worker needs to join the test's standalone platform: its embedded PostgreSQL
     * (with the password file) and Temporal (with the API key file), plus {@code extra}.
     */
    static Map<String, String> joining(EmbeddedServices embedded, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "CRAWLYARD_DB_URL", embedded.jdbcUrl().orElseThrow(),
                "CRAWLYARD_DB_PASSWORD_FILE", embedded.databasePasswordFile().orElseThrow().toString(),
                "CRAWLYARD_TEMPORAL_APIKEYFILE", embedded.temporalApiKeyFile().orElseThrow().toString(),
                "CRAWLYARD_TEMPORAL_ADDRESS", embedded.temporalAddress().orElseThrow()));
        settings.putAll(extra);
        return settings;
    }

    WorkerJvm withOwnLogging() {
        ownLogging = true;
        return this;
    }

    /** What the node wrote on its standard output and error. */
    Path log() {
        return log;
    }

    /** Starts the JVM and waits until the node polls its queues. */
    WorkerJvm start() {
        try {
            launch();
            awaitLine(log, "is polling", Duration.ofSeconds(120));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM for a start that is meant to fail, and returns its log once it has exited. */
    String failedStart(Duration timeout) throws IOException, InterruptedException {
        launch();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("worker " + key + " did not exit within " + timeout + ":\n"
                    + Files.readString(log));
        }
        return Files.readString(log);
    }

    private void launch() throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        log = directory.resolve("worker-" + System.nanoTime() + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        String classpath = ownLogging ? StandaloneTestPlatform.deployedClasspath() : System.getProperty("java.class.path");
        command.addAll(List.of("-cp", classpath, "dev.crawlyard.worker.WorkerHostApplication"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(settings);
        builder.environment().put("CRAWLYARD_NODE_KEY", key);
        builder.environment().put("CRAWLYARD_NODE_WORK_DIR", directory.resolve("work").toString());
        builder.environment().put("CRAWLYARD_NODE_SPIDER_DIR", directory.resolve("spiders").toString());
        process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** The node's work directory. */
    Path workDir() {
        return directory.resolve("work");
    }

    /** The text of the logs of every start so far. */
    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("worker-")).sorted().toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    /** The exit code of the JVM, which has exited (143 after SIGTERM, 137 after SIGKILL). */
    int exitValue() {
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the node dies without a word, as a crashed machine would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and a wait for a clean stop. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitLine(Path log, String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + key + " exited:\n" + Files.readString(log));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("worker " + key + " never logged '" + text + "':\n" + Files.readString(log));
    }
}
