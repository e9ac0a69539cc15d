package dev.crawlyard.api;

import dev.crawlyard.api.metrics.StandaloneMetricsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings that make each test context a standalone platform of its own: a fresh embedded
 * PostgreSQL on a free port, an embedded Temporal on a free port, and its own work directory.
 * The platform's root is laid out as a user's home ({@code .crawlyard/postgres} and its password
 * beside it), and others may pass through it (mode 0711) but not list it, so that spiders, run
 * as runner users when the tests run as root, reach their own directory under it and nothing else.
 */
public final class StandaloneTestPlatform {

    /**
     * The one directory of the machine that the test platforms let container tasks mount
     * ({@code crawlyard.containers.allowed-mounts}), made once per JVM, readable by all.
     */
    public static final Path MOUNTABLE = mountable();

    private StandaloneTestPlatform() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        Path root = tempDirectory();
        registry.add("crawlyard.standalone.data-dir", () -> dataDir(root).toString());
        registry.add("crawlyard.node.spider-dir", () -> root.resolve("spiders").toString());
        registry.add("crawlyard.standalone.postgres-port", () -> "0");
        registry.add("crawlyard.standalone.temporal-port", StandaloneTestPlatform::freePort);
        registry.add("crawlyard.node.work-dir", () -> root.resolve("work").toString());
        registry.add("crawlyard.node.key", () -> "in-process");
        int port = freePort();
        registry.add("server.port", () -> port);
        registry.add("crawlyard.node.api-url", () -> "http://127.0.0.1:" + port);
        registry.add("crawlyard.tasks.stop-grace-period", () -> "2s");
        registry.add("crawlyard.node.stop-notice-period", () -> "1s");
        // Short log stream connections and heartbeats, so that tests see both.
        registry.add("crawlyard.api.log-stream.heartbeat", () -> "1s");
        registry.add("crawlyard.api.log-stream.max-duration", () -> "6s");
        // Small upload limits, so that tests of them send little.
        registry.add("crawlyard.files.max-total-size", () -> "2MB");
        registry.add("crawlyard.files.max-file-size", () -> "256KB");
        registry.add("crawlyard.files.max-files", () -> "50");
        registry.add("crawlyard.metrics.spiders", () -> StandaloneMetricsSettings.LISTED_SPIDER);
        // Webhook receivers in tests listen on 127.0.0.1, and retries come soon.
        registry.add("crawlyard.webhooks.allow-private-targets", () -> "true");
        registry.add("crawlyard.webhooks.retry-initial-interval", () -> "200ms");
        registry.add("crawlyard.webhooks.retry-max-interval", () -> "1s");
        registry.add("crawlyard.webhooks.public-url", () -> "http://127.0.0.1:" + port);
        registry.add("crawlyard.containers.allowed-mounts", MOUNTABLE::toString);
        registry.add("crawlyard.api.temporal-ui-url", () -> "http://127.0.0.1:8233/");
    }

    private static Path mountable() {
        try {
            Path directory = Files.createTempDirectory("crawlyard-test-mountable-");
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the platform rooted at {@code root} keeps its database: as in a home directory. */
    public static Path dataDir(Path root) {
        return root.resolve(".crawlyard").resolve("postgres");
    }

    /**
     * This JVM's classpath without the tests' own classes and test jars (a reactor build past
     * {@code package} puts the modules' -tests.jar on the path instead of their test-classes), which
     * carry logback-test.xml: a JVM started with it logs as a deployed one does.
     */
    public static String deployedClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDirectory() {
        try {
            Path root = Files.createTempDirectory("crawlyard-test-");
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
