package dev.crawlyard.api.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A worker-host node in a JVM of its own, for tests of what crosses process boundaries. */
final class WorkerJvm implements AutoCloseable {

    private final String key;
    private final Path directory;
    private final Map<String, String> settings;
    private boolean ownLogging;
    private Path log;
    private Process process;

    /**
     * @param key       the node's key
     * @param directory where its work directory and log go
     * @param settings  environment variables, e.g. the database and Temporal to join
     */
    WorkerJvm(String key, Path directory, Map<String, String> settings) {
        this.key = key;
        this.directory = directory;
        this.settings = settings;
    }

    String key() {
        return key;
    }

    /**
     * Leaves the tests' own classes and resources off the node's classpath, so that it logs as a
     * deployed node does, by Spring Boot's logging settings rather than the tests' logback-test.xml.
     */
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
            Files.createDirectories(directory);
            log = directory.resolve("worker-" + System.nanoTime() + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path");
            if (ownLogging) {
                classpath = Arrays.stream(classpath.split(File.pathSeparator))
                        .filter(entry -> !entry.endsWith("test-classes"))
                        .collect(Collectors.joining(File.pathSeparator));
            }
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", classpath, "dev.crawlyard.worker.WorkerHostApplication");
            builder.environment().putAll(settings);
            builder.environment().put("CRAWLYARD_NODE_KEY", key);
            builder.environment().put("CRAWLYARD_NODE_WORK_DIR", directory.resolve("work").toString());
            process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitLine(log, "is polling", Duration.ofSeconds(60));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
