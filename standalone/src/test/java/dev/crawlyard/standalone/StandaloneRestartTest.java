package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.store.items.ItemRow;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.TaskStatus;
import java.util.List;
import java.util.stream.LongStream;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The standalone platform keeps its data across restarts, and a task its embedded Temporal
 * forgot in a restart is ended rather than left pending or running for ever, with its attempt
 * closed and its counts those of its rows.
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
        long running;
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
            // A second task is running on a node when the platform stops, with eight items stored.
            running = api.post("/api/spiders/" + spider + "/run", null).body().get("id").asLong();
            first.getBean(TaskStore.class).claim(running, 1, "node-of-before");
            first.getBean(TaskStore.class).transition(running, TaskStatus.RUNNING, TaskChange.onNode("node-of-before"));
            first.getBean(ItemStore.class).append(running, 1, spider, DedupMode.IGNORE, items(0, 8));
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

            // The running task ended through the same guard as any end: its attempt closed, its counts from its rows.
            JsonNode ended = api.get("/api/tasks/" + running).body();
            assertThat(ended.get("status").asString()).isEqualTo("abnormal");
            assertThat(ended.get("items").asLong()).isEqualTo(8);
            JsonNode attempt = ended.get("attempts").get(0);
            assertThat(attempt.get("endedAt").isNull()).isFalse();
            assertThat(attempt.get("outcome").asString()).isEqualTo("lost");
            assertThat(attempt.get("error").asString()).contains("embedded Temporal keeps no state");
            // Its node's runner, which outlived the platform, stores what it had left: the count follows.
            second.getBean(ItemStore.class).append(running, 1, spider, DedupMode.IGNORE, items(8, 26));
            assertThat(api.get("/api/tasks/" + running).body().get("items").asLong()).isEqualTo(26);
            assertThat(api.get("/api/tasks/" + running).body().get("status").asString()).isEqualTo("abnormal");
        }
    }

    @Test
    void aRestartWithRowsItCannotUseStartsAndShowsWhyTheyAreSkipped() throws Exception {
        String token;
        long good;
        long spider;
        try (ConfigurableApplicationContext first = start()) {
            token = first.getBean(TokenStore.class).create("restart-test", TokenRole.ADMIN, null).secret();
            ApiClient api = new ApiClient(port(first), token);
            spider = api.post("/api/spiders", ApiClient.json(Map.of("name", "kept", "command", "true")))
                    .body().get("id").asLong();
            good = api.post("/api/schedules", ApiClient.json(Map.of("spider", "kept", "cron", "0 3 * * *")))
                    .body().get("id").asLong();
            // Rows the API would refuse, written as an older version or a person with psql could.
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            for (String cron : new String[] {"0 0 L * *", "0 0 30 2 *", "0 0 ? * MON", "0 0 * * 1#2"}) {
                jdbc.sql("INSERT INTO schedules (spider_id, cron) VALUES (:spider, :cron)")
                        .param("spider", spider).param("cron", cron).update();
            }
            jdbc.sql("INSERT INTO schedules (spider_id, cron, time_zone, params) VALUES (:spider, '0 4 * * *',"
                    + " 'Europe/Paris', '{\"pages\": 3}')").param("spider", spider).update();
            jdbc.sql("INSERT INTO spiders (name, command, env) VALUES ('odd-env', 'true', '[1, 2]')").update();
            jdbc.sql("INSERT INTO nodes (node_key, name, host, labels, max_runners) VALUES ('odd-node', 'odd', 'h',"
                    + " '{\"rack\": [1]}', 5)").update();
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient(port(second), token);
            JsonNode schedules = api.get("/api/schedules").body();

            assertThat(schedules.size()).isEqualTo(6);
            for (JsonNode schedule : schedules) {
                if (schedule.get("id").asLong() == good) {
                    assertThat(schedule.get("brokenReason").isNull()).isTrue();
                } else {
                    assertThat(schedule.get("brokenReason").asString()).as(schedule.toString())
                            .startsWith("not started again at the platform's start");
                    assertThat(api.get("/api/schedules/" + schedule.get("id").asLong() + "/next").body().size())
                            .isZero();
                }
            }
            assertThat(schedules.toString()).contains("L, W, #, ? and the like are not supported", "never fires",
                    "read cron in UTC");
            var cron = second.getBean(WorkflowClient.class).newUntypedWorkflowStub("schedule-" + good).describe();
            assertThat(cron.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
            assertThat(api.get("/api/spiders").status()).isEqualTo(200);
            assertThat(api.get("/api/spiders/odd-env").body().get("env").isObject()).isTrue();
            assertThat(api.get("/api/nodes/odd-node").status()).isEqualTo(200);
            // Replacing a broken schedule with one the backend takes clears its mark.
            long broken = schedules.get(1).get("id").asLong();
            ApiClient.Reply fixed = api.put("/api/schedules/" + broken, ApiClient.json(Map.of("spider", "kept",
                    "cron", "0 5 * * *")));
            assertThat(fixed.status()).as(String.valueOf(fixed.body())).isEqualTo(200);
            assertThat(fixed.body().get("brokenReason").isNull()).isTrue();
        }
    }

    private static List<ItemRow> items(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> new ItemRow(i, null, "{\"n\": " + i + "}")).toList();
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
