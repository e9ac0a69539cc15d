package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL needs its password for every connection: one generated on the first
 * start and kept beside the data directory (mode 0600), with no Unix socket and no trusted
 * connection; a data directory made before passwords (trusting everything) is moved to them on its
 * next start, its data kept.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedPostgresTest {

    @TempDir
    Path home;

    @Test
    void aFreshDataDirectoryTrustsNoConnectionAndHasNoUnixSocket() throws Exception {
        StandaloneProperties properties = properties();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(properties)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(properties.passwordFile())))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(properties.passwordFile()).strip()).isEqualTo(postgres.password())
                    .hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.readString(properties.dataDir().resolve("pg_hba.conf"))).doesNotContain("trust")
                    .contains("scram-sha-256");
            assertRefused(postgres, "");
            assertRefused(postgres, "wrong");
            assertThat(query(postgres, postgres.password(), "SELECT 1")).isEqualTo("1");
            int port = Integer.parseInt(postgres.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            assertThat(Path.of("/tmp/.s.PGSQL." + port)).doesNotExist();
            assertThat(query(postgres, postgres.password(), "SHOW unix_socket_directories")).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryConnectionIsGivenThePasswordOnItsNextStartAndKeepsItsData() throws Exception {
        StandaloneProperties properties = properties();
        // As the platform made it before passwords: initdb with trust, no password file.
        try (var old = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(properties.dataDir())
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text)");
            statement.execute("INSERT INTO kept VALUES ('from before passwords')");
        }
        assertThat(Files.readString(properties.dataDir().resolve("pg_hba.conf"))).contains("trust");
        assertThat(properties.passwordFile()).doesNotExist();

        String password;
        try (EmbeddedPostgres migrated = EmbeddedPostgres.start(properties)) {
            password = migrated.password();
            assertThat(Files.readString(properties.passwordFile()).strip()).isEqualTo(password);
            assertThat(Files.readString(properties.dataDir().resolve("pg_hba.conf"))).doesNotContain("trust");
            assertRefused(migrated, "");
            assertThat(query(migrated, password, "SELECT note FROM kept")).isEqualTo("from before passwords");
        }
        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(properties)) {
            assertThat(restarted.password()).isEqualTo(password);
            assertRefused(restarted, "");
            assertThat(query(restarted, password, "SELECT note FROM kept")).isEqualTo("from before passwords");
        }
    }

    @Test
    void aLostPasswordFileIsExplainedAndNotReplacedByANewPassword() throws Exception {
        StandaloneProperties properties = properties();
        EmbeddedPostgres.start(properties).close();
        Files.delete(properties.passwordFile());

        assertThatThrownBy(() -> EmbeddedPostgres.start(properties))
                .hasMessageContaining(properties.passwordFile().toString()).hasMessageContaining("that file is gone");
        assertThat(properties.passwordFile()).doesNotExist();
    }

    @Test
    void aStartThatFailsAfterTheServerStartedLeavesNoServerRunning() throws Exception {
        StandaloneProperties properties = properties();
        EmbeddedPostgres.start(properties).close();
        // A password file that is not the database's: the server starts, then refuses the start's check.
        Files.writeString(properties.passwordFile(), "not-the-password");

        assertThatThrownBy(() -> EmbeddedPostgres.start(properties)).hasMessageContaining("could not start");

        // No shutdown hook stops a server any more (Spring does, after the platform): the failed start did.
        assertThat(properties.dataDir().resolve("postmaster.pid")).doesNotExist();
    }

    private StandaloneProperties properties() {
        return new StandaloneProperties(home.resolve(".crawlyard").resolve("postgres"), 0, 0, null, null);
    }

    private static void assertRefused(EmbeddedPostgres postgres, String password) {
        assertThatThrownBy(() -> query(postgres, password, "SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    private static String query(EmbeddedPostgres postgres, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.SUPERUSER, password);
                Statement statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
