package dev.crawlyard.standalone;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from binaries on the classpath, keeping its data in a
 * directory that survives restarts, so that a standalone platform keeps its spiders and tasks.
 */
final class EmbeddedPostgres implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
    }

    static EmbeddedPostgres start(StandaloneProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (properties.postgresPort() != 0) {
                builder.setPort(properties.postgresPort());
            }
            var server = builder.start();
            log.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", server.getPort(), properties.dataDir());
            return new EmbeddedPostgres(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL with data in "
                    + properties.dataDir() + " (is another one using that directory or port "
                    + properties.postgresPort() + "?)", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
