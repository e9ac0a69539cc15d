package dev.crawlyard.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.standalone.StandaloneApplication;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The probes of a platform whose PostgreSQL and Temporal the test owns, so that it can stop them:
 * readiness goes down while either is gone and comes back with it; liveness stays up throughout,
 * because restarting the process would not bring the database back. Neither probe needs a token.
 */
class ReadinessProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private EmbeddedPostgres postgres;
    private TestServer.PortBoundTestServer temporal;
    private ConfigurableApplicationContext platform;

    @AfterEach
    void stopAll() throws IOException {
        if (platform != null) {
            platform.close();
        }
        if (temporal != null) {
            temporal.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readinessFollowsTheDatabaseAndTemporalWhileLivenessStaysUp() throws Exception {
        int postgresPort = freePort();
        int temporalPort = freePort();
        postgres = startPostgres(postgresPort);
        temporal = TestServer.createPortBoundServer(temporalPort, true);
        platform = StandaloneApplication.application().run(
                "--server.port=0",
                "--crawlyard.db.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "--crawlyard.temporal.address=127.0.0.1:" + temporalPort,
                "--crawlyard.standalone.in-process-node=false",
                "--crawlyard.standalone.data-dir=" + root.resolve("unused"),
                "--crawlyard.health.check-timeout=1s");
        int port = ((WebServerApplicationContext) platform).getWebServer().getPort();
        ApiClient anonymous = new ApiClient(port, null);

        var ready = awaitReadiness(anonymous, 200);
        assertThat(ready.body().at("/components/database/status").asString()).isEqualTo("UP");
        assertThat(ready.body().at("/components/temporal/status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/api/health/liveness").status()).isEqualTo(200);

        postgres.close();
        postgres = null;
        var noDatabase = awaitReadiness(anonymous, 503);
        assertThat(noDatabase.body().at("/components/database/status").asString()).isEqualTo("DOWN");
        assertThat(noDatabase.body().at("/components/temporal/status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/api/health/liveness").status()).isEqualTo(200);

        postgres = startPostgres(postgresPort);
        var back = awaitReadiness(anonymous, 200);
        assertThat(back.body().at("/components/database/status").asString()).isEqualTo("UP");

        temporal.close();
        temporal = null;
        var noTemporal = awaitReadiness(anonymous, 503);
        assertThat(noTemporal.body().at("/components/temporal/status").asString()).isEqualTo("DOWN");
        assertThat(noTemporal.body().at("/components/database/status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/api/health/liveness").status()).isEqualTo(200);
    }

    private static ApiClient.Reply awaitReadiness(ApiClient client, int status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ApiClient.Reply reply = client.get("/api/health/readiness");
        while (reply.status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness did not answer " + status + ": " + reply);
            }
            Thread.sleep(200);
            reply = client.get("/api/health/readiness");
        }
        return reply;
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(root.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
