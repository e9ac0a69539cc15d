package dev.crawlyard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker node started as its own application, over a real PostgreSQL and a port-bound Temporal: its
 * management port answers the probes and the Prometheus text, and nothing of the API.
 */
class ManagementPortTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path workDir;

    private static TestServer.PortBoundTestServer temporal;
    private static ConfigurableApplicationContext node;
    private static int port;

    @BeforeAll
    static void startNode() throws IOException {
        int temporalPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            temporalPort = socket.getLocalPort();
        }
        temporal = TestServer.createPortBoundServer(temporalPort, true);
        node = WorkerHostApplication.application().run(
                "--crawlyard.db.url=" + TestDatabase.shared().jdbcUrl(),
                "--crawlyard.temporal.address=127.0.0.1:" + temporalPort,
                "--crawlyard.node.key=probed",
                "--crawlyard.node.work-dir=" + workDir,
                "--crawlyard.node.management-port=0");
        port = ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void readinessChecksTheDatabaseAndTemporal() throws Exception {
        HttpResponse<String> readiness = get("/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"database\":{\"status\":\"UP\"}").contains("\"temporal\":{\"status\":\"UP\"}");
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementPortServesTheNodesMetricsAndNoApi() throws Exception {
        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(get("/api/spiders").statusCode()).isEqualTo(404);
    }

    @Test
    void theManagementPortIsBoundToLoopbackByDefault() {
        assertThat(new NodeProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null)
                .managementAddress()).isEqualTo("127.0.0.1");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
