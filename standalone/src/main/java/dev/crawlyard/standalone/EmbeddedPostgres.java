package dev.crawlyard.standalone;

import dev.crawlyard.store.config.SecretFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from binaries on the classpath, keeping its data in a
 * directory that survives restarts, so that a standalone platform keeps its spiders and tasks.
 *
 * <p>It listens on 127.0.0.1 only, has no Unix socket, and every connection must give the
 * password generated on the first start and kept in {@code <data-dir>.password} (mode 0600):
 * nothing on the machine that cannot read that file (a spider running as another user) can
 * connect. A data directory made before passwords (with initdb's {@code trust}) is given the
 * password and the new {@code pg_hba.conf} on its next start.
 */
final class EmbeddedPostgres implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    static final String SUPERUSER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final String password;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, String password) {
        this.server = server;
        this.password = password;
    }

    static EmbeddedPostgres start(StandaloneProperties properties) {
        Path dataDir = properties.dataDir().toAbsolutePath();
        Path passwordFile = properties.passwordFile();
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        boolean passwordAuthentication = !fresh && PasswordAuthentication.isSetUp(dataDir);
        if (passwordAuthentication && !Files.exists(passwordFile)) {
            throw new IllegalStateException("the embedded PostgreSQL in " + dataDir + " needs the password that was"
                    + " kept in " + passwordFile + ", and that file is gone: restore it, or move the data directory"
                    + " away to start with an empty database");
        }
        try {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            String password = SecretFiles.readOrCreate(passwordFile);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // No Unix socket at all: TCP on loopback, with the password, is the only way in.
                    .setServerConfig("unix_socket_directories", "")
                    .setConnectConfig("password", password)
                    // Spring stops the server after everything that uses it (EmbeddedServices): zonky's
                    // own hook would stop it at the same time as the platform's, so that a stopping
                    // node could record neither its tasks' ends nor its own stop.
                    .setRegisterShutdownHook(false);
            if (fresh) {
                // initdb's own options (zonky passes these as --name=value): the superuser gets the
                // password at once and no connection is ever trusted, not even during the first start.
                builder.setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toString())
                        .setDataDirectoryCustomizer(directory -> PasswordAuthentication.writeHba(directory.toPath()));
            }
            if (properties.postgresPort() != 0) {
                builder.setPort(properties.postgresPort());
            }
            Path pidFile = dataDir.resolve("postmaster.pid");
            boolean runningBefore = Files.exists(pidFile);
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
            try {
                server = builder.start();
            } catch (IOException | RuntimeException e) {
                // zonky starts the server, then waits for it to answer: a server that started but did
                // not answer (a wrong password, a long recovery) would be left running by a failed start.
                if (!runningBefore) {
                    stopStarted(pidFile);
                }
                throw e;
            }
            if (!fresh && !passwordAuthentication) {
                try {
                    migrate(server, dataDir, password);
                } catch (IOException | RuntimeException e) {
                    // No shutdown hook would stop it now (see above), and no bean holds it yet.
                    server.close();
                    throw e;
                }
            }
            log.info("embedded PostgreSQL on 127.0.0.1:{} with password authentication, data in {}, password in {}",
                    server.getPort(), dataDir, passwordFile);
            return new EmbeddedPostgres(server, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL with data in "
                    + dataDir + " (is another one using that directory or port "
                    + properties.postgresPort() + "? does " + passwordFile + " hold its password?)", e);
        }
    }

    /** Stops the server whose pid this start's {@code postmaster.pid} holds, if it still runs. */
    private static void stopStarted(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            ProcessHandle.of(pid).ifPresent(server -> {
                // SIGTERM: PostgreSQL's smart shutdown, with no client connected.
                server.destroy();
                server.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        } catch (IOException | RuntimeException e) {
            log.warn("could not stop the embedded PostgreSQL that a failed start left: {}", e.getMessage());
        }
    }

    /**
     * A data directory from before passwords trusts every connection: give the superuser the
     * password, replace pg_hba.conf and have the running server reload it.
     */
    private static void migrate(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir,
            String password) throws IOException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
            PasswordAuthentication.writeHba(dataDir);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not move the embedded PostgreSQL in " + dataDir
                    + " to password authentication: " + e.getMessage(), e);
        }
        log.warn("the embedded PostgreSQL in {} trusted every local connection; it now needs its password", dataDir);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
