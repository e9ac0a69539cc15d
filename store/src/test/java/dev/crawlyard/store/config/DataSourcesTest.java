package dev.crawlyard.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.crawlyard.store.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The pool's bound on waiting for the database, over the real one behind a TCP relay that can go
 * silent: a host that vanishes without closing its connections answers nothing, and no RST comes.
 */
class DataSourcesTest {

    // On a thread of its own: without the bound the statement's read blocks, and only a preemptive
    // timeout ends the test.
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStatementToADatabaseThatStopsAnsweringFailsAtTheSocketTimeoutInsteadOfWaitingForEver() throws Exception {
        try (SilentRelay relay = new SilentRelay(TestDatabase.shared().port());
                HikariDataSource pool = DataSources.pooled("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres",
                        "postgres", "", properties(Duration.ofSeconds(2)));
                // One connection, taken before the silence: the pool's own checks of a connection it
                // hands out, and its new connections, would meet the silence first.
                Connection connection = pool.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(2_000);
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);

            relay.goSilent();

            long asked = System.nanoTime();
            assertThatThrownBy(() -> jdbc.queryForObject("SELECT 2", Integer.class))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessageContaining("Read timed out");
            // It waited for the bound, not for an error of some other kind.
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theDefaultBoundAndOneInTheUrlReachTheDriver() throws Exception {
        int port = TestDatabase.shared().port();
        try (HikariDataSource pool = DataSources.pooled("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                        "postgres", "", properties(null));
                Connection connection = pool.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(600_000);
        }
        try (HikariDataSource pool = DataSources.pooled("jdbc:postgresql://127.0.0.1:" + port
                        + "/postgres?socketTimeout=7", "postgres", "", properties(null));
                Connection connection = pool.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(7_000);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBareNumberIsSecondsAsInTheDriverAndAUnitIsRead() {
        assertThat(bound("600").socketTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(bound("90s").socketTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bound("1h").socketTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theBoundIsTenMinutesByDefaultAndASecondsPartCountsAsOne() {
        assertThat(properties(null).socketTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties(null).socketTimeoutSeconds()).isEqualTo(600);
        assertThat(properties(Duration.ofMillis(1500)).socketTimeoutSeconds()).isEqualTo(2);
        assertThat(properties(Duration.ZERO).socketTimeoutSeconds()).isZero();
        assertThatThrownBy(() -> properties(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket-timeout");
        // PgJDBC multiplies the seconds by 1,000 in an int: 30 days would wrap to a negative bound
        // that fails every connection, 50 days to one of minutes.
        assertThat(properties(DatabaseProperties.MAX_SOCKET_TIMEOUT).socketTimeoutSeconds() * 1000L)
                .isLessThanOrEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> properties(Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2147483 s");
    }

    private static DatabaseProperties bound(String socketTimeout) {
        return new Binder(new MapConfigurationPropertySource(Map.of("crawlyard.db.socket-timeout", socketTimeout)))
                .bind("crawlyard.db", DatabaseProperties.class).get();
    }

    private static DatabaseProperties properties(Duration socketTimeout) {
        return new DatabaseProperties(null, null, null, 2, null, socketTimeout);
    }

    /** Relays connections to a port; once silent, it passes nothing on and closes nothing. */
    private static final class SilentRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean silent;
        private volatile boolean closed;

        SilentRelay(int target) throws IOException {
            this.target = target;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        void goSilent() {
            silent = true;
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket database = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(database);
                    Thread.ofVirtual().start(() -> pump(client, database));
                    Thread.ofVirtual().start(() -> pump(database, client));
                }
            } catch (IOException e) {
                // Closed.
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    while (silent && !closed) {
                        Thread.sleep(50);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // A side closed.
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
