package dev.crawlyard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An embedded PostgreSQL (the standalone platform's, from Maven Central binaries) in a process of its
 * own, for the chaos scenario: the api restarts beside it. Arguments: the data directory and the port.
 * Prints "postgres ready on <port>" once it accepts connections.
 */
public final class PostgresMain {

    private PostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Files.createDirectories(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(Integer.parseInt(args[1]))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                // Going down anyway.
            }
            stopped.countDown();
        }));
        // The harness reads this line; this main is a tool of the harness, not platform code.
        System.out.println("postgres ready on " + postgres.getPort());
        stopped.await();
    }
}
