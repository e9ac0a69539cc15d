package dev.crawlyard.api.spiders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Changing a spider, deleting it with or without its data, and deleting a task's data. */
class SpiderLifecycleApiTest extends ApiTestBase {

    private static final String ITEMS = "echo '{\"ipc\":true,\"type\":\"data\",\"payload\":[{\"n\":1},{\"n\":2}]}'; echo done";

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aPatchChangesOnlyTheGivenFieldsAndOnlyRunsStartedAfterItUseThem() throws InterruptedException {
        long spider = spider("echo version-one", Map.of());
        api.patch("/api/spiders/" + spider, ApiClient.json(Map.of("description", "before")));
        long before = run(spider);
        awaitStatus(before, "finished");

        ApiClient.Reply patched = api.patch("/api/spiders/" + spider, ApiClient.json(Map.of(
                "command", "echo version-two \"$COLOUR\"", "env", Map.of("COLOUR", "green"), "maxAttempts", 3)));

        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        assertThat(patched.body().get("description").asString()).isEqualTo("before");
        assertThat(patched.body().get("maxAttempts").asInt()).isEqualTo(3);
        assertThat(patched.body().get("command").asString()).isEqualTo("echo version-two \"$COLOUR\"");
        long after = run(spider);
        awaitStatus(after, "finished");
        assertThat(logText(after)).contains("version-two green");
        assertThat(api.get("/api/tasks/" + after).body().get("maxAttempts").asInt()).isEqualTo(3);
        // The task made before the change keeps what it ran.
        assertThat(api.get("/api/tasks/" + before).body().get("command").asString()).isEqualTo("echo version-one");
        assertThat(logText(before)).contains("version-one").doesNotContain("version-two");
    }

    @Test
    void aPatchWithBadValuesOrUnknownFieldsIs400AndChangesNothing() {
        long spider = spider("echo hi", Map.of());
        JsonNode before = api.get("/api/spiders/" + spider).body();

        ApiClient.Reply bad = api.patch("/api/spiders/" + spider, ApiClient.json(Map.of(
                "maxAttempts", 0, "memoryLimitMb", 5, "command", " ", "name", "../x")));
        // In every order: a record's fields are read from a buffer whose context may name a sibling.
        List<ApiClient.Reply> unknown = Stream.of(
                "{\"runtimeLimitSecond\": 5, \"files\": {\"a.py\": \"\"}, \"type\": \"crawler\"}",
                "{\"type\": \"crawler\", \"runtimeLimitSecond\": 5, \"files\": {\"a.py\": \"\"}}",
                "{\"files\": {\"a.py\": \"\"}, \"type\": \"crawler\", \"runtimeLimitSecond\": 5}",
                "{\"maxAttempts\": 2, \"type\": \"crawler\", \"files\": {\"a.py\": \"\"}, \"runtimeLimitSecond\": 5}")
                .map(body -> api.patch("/api/spiders/" + spider, body)).toList();
        ApiClient.Reply config = api.patch("/api/spiders/" + spider, ApiClient.json(Map.of("config", Map.of("seeds", 1))));
        ApiClient.Reply wrongType = api.patch("/api/spiders/" + spider, "{\"maxAttempts\": \"3\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).contains("maxAttempts", "memoryLimitMb", "command", "name");
        assertThat(unknown).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(fields(reply)).as(reply.body().toString()).containsExactlyInAnyOrder("runtimeLimitSecond", "files", "type");
        });
        assertThat(config.status()).isEqualTo(400);
        assertThat(fields(config)).contains("config");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(api.get("/api/spiders/" + spider).body()).isEqualTo(before);
    }

    @Test
    void aPatchOfAnUnknownSpiderIs404AndARenameToATakenNameIs409() {
        long first = spider("true", Map.of());
        long second = spider("true", Map.of());
        String firstName = api.get("/api/spiders/" + first).body().get("name").asString();

        assertThat(api.patch("/api/spiders/999999999", "{\"description\": \"x\"}").status()).isEqualTo(404);
        ApiClient.Reply taken = api.patch("/api/spiders/" + second, ApiClient.json(Map.of("name", firstName)));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("message").asString()).contains(firstName);
        String renamed = "renamed-" + UUID.randomUUID();
        assertThat(api.patch("/api/spiders/" + second, ApiClient.json(Map.of("name", renamed))).status()).isEqualTo(200);
        assertThat(api.get("/api/spiders/" + renamed).body().get("id").asLong()).isEqualTo(second);
    }

    @Test
    void aSpiderWithALiveTaskIsNotDeletedUnlessForcedAndForcingCancelsItAndKeepsItsData() throws InterruptedException {
        long spider = spider("echo started; exec sleep 600", Map.of());
        long task = run(spider);
        awaitStatus(task, "running");

        ApiClient.Reply refused = api.delete("/api/spiders/" + spider + "?data=keep");
        ApiClient.Reply noChoice = api.delete("/api/spiders/" + spider + "?force=true");
        ApiClient.Reply badChoice = api.delete("/api/spiders/" + spider + "?data=maybe&force=true");
        ApiClient.Reply badForce = api.delete("/api/spiders/" + spider + "?data=keep&force=please");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("message").asString()).contains("force=true").contains(Long.toString(task));
        assertThat(noChoice.status()).isEqualTo(400);
        assertThat(noChoice.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("data");
        assertThat(badChoice.status()).isEqualTo(400);
        assertThat(badForce.status()).isEqualTo(400);
        assertThat(api.get("/api/spiders/" + spider).status()).isEqualTo(200);
        assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("running");

        ApiClient.Reply forced = api.delete("/api/spiders/" + spider + "?data=keep&force=true");

        assertThat(forced.status()).as(String.valueOf(forced.body())).isEqualTo(204);
        assertThat(api.get("/api/spiders/" + spider).status()).isEqualTo(404);
        JsonNode kept = api.get("/api/tasks/" + task).body();
        assertThat(kept.get("status").asString()).isEqualTo("cancelled");
        assertThat(logText(task)).contains("started");
        assertThat(api.delete("/api/spiders/" + spider + "?data=keep").status()).isEqualTo(404);
    }

    @Test
    void deletingWithItsDataRemovesTasksItemsLogsAndSchedules() throws InterruptedException {
        long spider = spider(ITEMS, Map.of());
        long task = run(spider);
        awaitStatus(task, "finished");
        ApiClient.Reply schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 3 1 1 *")));
        assertThat(schedule.status()).isEqualTo(201);
        assertThat(rows("items", task)).isEqualTo(2);

        assertThat(api.delete("/api/spiders/" + spider + "?data=delete").status()).isEqualTo(204);

        assertThat(api.get("/api/spiders/" + spider).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/" + task).status()).isEqualTo(404);
        assertThat(api.get("/api/schedules/" + schedule.body().get("id").asLong()).status()).isEqualTo(404);
        assertThat(rows("items", task)).isZero();
        assertThat(rows("task_logs", task)).isZero();
        assertThat(rows("task_attempts", task)).isZero();
    }

    @Test
    void deletingAndKeepingItsDataKeepsTasksAndItemsButNotSchedules() throws InterruptedException {
        long spider = spider(ITEMS, Map.of());
        long task = run(spider);
        awaitStatus(task, "finished");
        long schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 3 1 1 *"))).body().get("id").asLong();

        assertThat(api.delete("/api/spiders/" + spider + "?data=keep").status()).isEqualTo(204);

        assertThat(api.get("/api/schedules/" + schedule).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/" + task).body().get("items").asLong()).isEqualTo(2);
        assertThat(rows("items", task)).isEqualTo(2);
        assertThat(api.getText("/api/tasks/" + task + "/items?format=ndjson").body()).containsAnyOf("\"n\": 2", "\"n\":2");
    }

    @Test
    void aTasksDataIsDeletedOnlyOnceItHasEnded() throws InterruptedException {
        long spider = spider(ITEMS + "; exec sleep 600", Map.of());
        long live = run(spider);
        awaitStatus(live, "running");

        ApiClient.Reply refused = api.delete("/api/tasks/" + live + "/data");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("message").asString()).contains("has not ended");
        assertThat(api.delete("/api/tasks/999999999/data").status()).isEqualTo(404);
        api.post("/api/tasks/" + live + "/cancel", null);
        awaitStatus(live, "cancelled");
        awaitRows("items", live, 2);

        assertThat(api.delete("/api/tasks/" + live + "/data").status()).isEqualTo(204);

        JsonNode task = api.get("/api/tasks/" + live).body();
        assertThat(task.get("dataDeletedAt").isNull()).isFalse();
        // The counts follow the stored rows.
        assertThat(task.get("items").asLong()).isZero();
        assertThat(task.get("logLines").asLong()).isZero();
        assertThat(rows("items", live)).isZero();
        assertThat(api.get("/api/tasks/" + live + "/logs").body().get("lines").isEmpty()).isTrue();
        assertThat(api.get("/api/spiders/" + spider).status()).isEqualTo(200);
    }

    @Test
    void aViewerCanNeitherChangeNorDeleteASpiderNorATasksData() throws InterruptedException {
        long spider = spider(ITEMS, Map.of());
        long task = run(spider);
        awaitStatus(task, "finished");
        JsonNode before = api.get("/api/spiders/" + spider).body();
        ApiClient viewer = api.withToken(tokens.create("viewer-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret());

        ApiClient.Reply patch = viewer.patch("/api/spiders/" + spider, "{\"description\": \"mine\"}");
        ApiClient.Reply delete = viewer.delete("/api/spiders/" + spider + "?data=delete&force=true");
        ApiClient.Reply data = viewer.delete("/api/tasks/" + task + "/data");

        assertThat(patch.status()).isEqualTo(403);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(data.status()).isEqualTo(403);
        assertThat(api.get("/api/spiders/" + spider).body()).isEqualTo(before);
        assertThat(rows("items", task)).isEqualTo(2);
    }

    private String logText(long task) {
        StringBuilder text = new StringBuilder();
        api.get("/api/tasks/" + task + "/logs").body().get("lines").forEach(l -> text.append(l.get("line").asString()).append('\n'));
        return text.toString();
    }

    private static java.util.List<String> fields(ApiClient.Reply reply) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        reply.body().get("fieldErrors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private long rows(String table, long task) {
        Map<String, Object> params = new HashMap<>();
        params.put("task", task);
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE task_id = :task").params(params).query(Long.class).single();
    }

    private void awaitRows(String table, long task, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (rows(table, task) < count) {
            assertThat(System.nanoTime()).as("rows of task " + task + " in " + table).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
