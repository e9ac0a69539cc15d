package dev.crawlyard.standalone;

import dev.crawlyard.planning.temporal.TemporalProperties;
import dev.crawlyard.store.config.SecretFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone platform's embedded Temporal on its own ({@code ./crawlyard temporal}): the test
 * server only, in a process of its own, so that a platform pointed at it with
 * {@code crawlyard.temporal.address} can be stopped and started again without losing its workflows.
 * The port is {@code crawlyard.standalone.temporal-port} (7233) and the address
 * {@code crawlyard.standalone.temporal-bind-address} (127.0.0.1), each given as {@code --name=value} or
 * as its environment variable, as for the standalone platform. Like the platform's, it takes calls
 * with its API key only: the key in {@code crawlyard.temporal.api-key-file}
 * ({@code ~/.crawlyard/temporal.key}, generated if missing), the file a platform on this machine
 * reads by default. It keeps its state in memory: stopping this process forgets every workflow.
 */
public final class TemporalMain {

    private static final Logger log = LoggerFactory.getLogger(TemporalMain.class);
    private static final String PORT = "crawlyard.standalone.temporal-port";
    private static final String BIND_ADDRESS = "crawlyard.standalone.temporal-bind-address";
    private static final String KEY_FILE = "crawlyard.temporal.api-key-file";

    private TemporalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        List<String> arguments = List.of(args);
        int port = port(arguments, System.getenv("CRAWLYARD_STANDALONE_TEMPORAL_PORT"));
        String bindAddress = setting(arguments, BIND_ADDRESS, System.getenv("CRAWLYARD_STANDALONE_TEMPORAL_BIND_ADDRESS"));
        String keyFile = setting(arguments, KEY_FILE, System.getenv("CRAWLYARD_TEMPORAL_APIKEYFILE"));
        Path key = new TemporalProperties(null, null, null, keyFile == null ? null : Path.of(keyFile), null)
                .apiKeyFile();
        EmbeddedTemporal temporal = EmbeddedTemporal.start(
                new StandaloneProperties(null, null, null, null, bindAddress).temporalBindAddress(), port,
                SecretFiles.readOrCreate(key));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            temporal.close();
            stopped.countDown();
        }, "temporal-shutdown"));
        log.info("Temporal is ready at {}; point a platform at it with CRAWLYARD_TEMPORAL_ADDRESS={}"
                + " (it reads the API key from {})", temporal.address(), temporal.address(), key);
        stopped.await();
    }

    /** Without Spring Boot's logging set-up, logback would log everything at DEBUG. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    /** A setting from the arguments (the last one given), else the environment; null if neither has it. */
    static String setting(List<String> args, String name, String environment) {
        return args.stream().filter(a -> a.startsWith("--" + name + "="))
                .map(a -> a.substring(name.length() + 3)).reduce((first, last) -> last).orElse(environment);
    }

    /** The port from the arguments, else the environment, else the default. */
    static int port(List<String> args, String environment) {
        String value = setting(args, PORT, environment);
        if (value == null || value.isBlank()) {
            return new StandaloneProperties(null, null, null, null, null).temporalPort();
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + " must be a port number, not '" + value + "'", e);
        }
    }
}
