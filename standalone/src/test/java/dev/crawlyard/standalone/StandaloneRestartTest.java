package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The standalone platform keeps its data across restarts, and a task its embedded Temporal
 * forgot in a restart is ended rather than left pending for ever.
 */
class StandaloneRestartTest {

    @TempDir
    Path home;

    @Test
    void aRestartKeepsSpidersAndEndsTasksTheEmbeddedTemporalForgot() throws Exception {
        String token;
        long spider;
        long task;
        long schedule;
        try (ConfigurableApplicationContext first = start()) {
            token = first.getBean(TokenStore.class).create("restart-test", TokenRole.ADMIN, null).secret();
            ApiClient api = new ApiClient(port(first), token);
            spider = api.post("/api/spiders", ApiClient.json(Map.of("name", "kept", "command", "true")))
                    .body().get("id").asLong();
            // No node runs in this platform, so the task stays pending until the restart.
            task = api.post("/api/spiders/" + spider + "/run", null).body().get("id").asLong();
            assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("pending");
            schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", "kept", "cron", "0 3 * * *",
                    "timeZone", "UTC"))).body().get("id").asLong();
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient(port(second), token);
            JsonNode forgotten = api.get("/api/tasks/" + task).body();

            assertThat(api.get("/api/spiders/kept").body().get("id").asLong()).isEqualTo(spider);
            assertThat(forgotten.get("status").asString()).isEqualTo("abnormal");
            assertThat(forgotten.get("errorMessage").asString()).contains("embedded Temporal keeps no state");
            assertThat(second.getBean(TokenStore.class).createFirst("admin")).isEmpty();
            // The schedule's cron workflow was forgotten with the embedded Temporal; it runs again.
            var cron = second.getBean(WorkflowClient.class).newUntypedWorkflowStub("schedule-" + schedule).describe();
            assertThat(cron.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        }
    }

    private ConfigurableApplicationContext start() throws Exception {
        int temporalPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            temporalPort = socket.getLocalPort();
        }
        return StandaloneApplication.application().run(
                "--server.port=0",
                "--crawlyard.standalone.in-process-node=false",
                "--crawlyard.standalone.data-dir=" + home.resolve("postgres"),
                "--crawlyard.standalone.postgres-port=0",
                "--crawlyard.standalone.temporal-port=" + temporalPort);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
