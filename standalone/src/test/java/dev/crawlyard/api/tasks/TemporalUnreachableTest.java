package dev.crawlyard.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.standalone.StandaloneApplication;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A platform whose Temporal goes away: a run request is a 503 that says why, and makes no task. (With
 * the code before, the task row was made first and left behind.)
 */
class TemporalUnreachableTest {

    @TempDir
    Path home;

    @Test
    void whenTemporalIsGoneARunRequestIs503AndMakesNoTask() throws Exception {
        int temporalPort = freePort();
        TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort, true);
        try (ConfigurableApplicationContext platform = StandaloneApplication.application().run(
                "--server.port=0",
                "--crawlyard.standalone.in-process-node=false",
                "--crawlyard.standalone.data-dir=" + home.resolve("postgres"),
                "--crawlyard.standalone.postgres-port=0",
                "--crawlyard.temporal.address=127.0.0.1:" + temporalPort,
                "--crawlyard.api.run-timeout=5s")) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) platform).getWebServer().getPort(),
                    platform.getBean(TokenStore.class).create("unreachable-test", TokenRole.ADMIN, null).secret());
            long spider = api.post("/api/spiders", ApiClient.json(Map.of("name", "far", "command", "true")))
                    .body().get("id").asLong();
            assertThat(api.post("/api/spiders/" + spider + "/run", null).status()).isEqualTo(202);

            temporal.close();
            ApiClient.Reply refused = api.post("/api/spiders/" + spider + "/run", null,
                    Map.of("Idempotency-Key", "after-temporal-went"));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().get("message").asString())
                    .startsWith("Temporal is unreachable, so no task was made")
                    .contains("Idempotency-Key: after-temporal-went");
            assertThat(api.get("/api/tasks?spider=" + spider).body().get("total").asLong()).isEqualTo(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
