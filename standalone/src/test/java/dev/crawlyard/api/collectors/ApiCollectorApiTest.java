package dev.crawlyard.api.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.collectors.testing.JsonApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API collector spiders through the platform: a checked config, tasks on the node, state from run to run. */
class ApiCollectorApiTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "tok-" + UUID.randomUUID();

    private JsonApi source;

    @BeforeEach
    void startApi() throws Exception {
        source = new JsonApi(25);
    }

    @AfterEach
    void stopApi() {
        source.close();
    }

    private String config() {
        return ("{\"url\": \"%s/cursor\", \"records\": \"/results\", \"auth\": {\"type\": \"bearer\", \"tokenEnv\": \"API_TOKEN\"},"
                + " \"incremental\": {\"field\": \"/id\", \"param\": \"since_id\"}, \"rate\": 50, \"burst\": 2,"
                + " \"pagination\": {\"type\": \"cursor\", \"cursorPointer\": \"/meta/next\", \"param\": \"cursor\"}}")
                .formatted(source.url());
    }

    @Test
    void anApiTaskStoresTheRecordsAndItsStateAndTheNextRunFetchesOnlyNewOnes() throws Exception {
        source.requireAuth(r -> ("Bearer " + SECRET).equals(r.headers().get("authorization")));
        long spider = register(config(), Map.of("API_TOKEN", SECRET)).body().get("id").asLong();

        JsonNode first = ended(run(spider));
        assertThat(first.get("status").asString()).as("%s; log %s", first, log(first)).isEqualTo("finished");
        assertThat(ids(first)).hasSize(25).startsWith(1, 2, 3).endsWith(25);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").toString())
                .isEqualTo("{\"highWater\":25}");
        assertThat(first.get("progress").get("stage").asString()).isEqualTo("fetching");

        source.add(5);
        JsonNode second = ended(run(spider));
        assertThat(second.get("status").asString()).isEqualTo("finished");
        assertThat(ids(second)).containsExactly(26, 27, 28, 29, 30);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("highWater").asInt())
                .isEqualTo(30);

        // The credential is in no answer of the API and no line of the log.
        assertThat(api.get("/api/spiders/" + spider).body().get("env").get("API_TOKEN").asString()).isEqualTo("********");
        assertThat(api.get("/api/tasks/" + second.get("id").asLong()).body().toString()).doesNotContain(SECRET);
        assertThat(String.join("\n", log(first))).doesNotContain(SECRET);
    }

    @Test
    void anAuthFailureEndsTheTaskInErrorWithTheStatusAndTheApisMessageAndNoCredential() throws Exception {
        source.requireAuth(r -> false);
        long spider = register(config(), Map.of("API_TOKEN", SECRET)).body().get("id").asLong();

        JsonNode task = ended(run(spider));

        assertThat(task.get("status").asString()).isEqualTo("error");
        assertThat(task.get("progress").get("lastError").asString()).contains("401", "invalid credentials");
        assertThat(String.join("\n", log(task))).contains("401").doesNotContain(SECRET);
        assertThat(task.toString()).doesNotContain(SECRET);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").isNull()).isTrue();
    }

    @Test
    void aConfigTheSchemaOrTheCollectorRefusesIsA400NamingEachFieldAndStoresNothing() {
        long before = api.get("/api/spiders?size=1").body().get("total").asLong();

        ApiClient.Reply bad = register("""
                {"url": "ftp://example.com/x", "method": "DELETE", "auth": {"type": "bearer"},
                 "pagination": {"type": "page", "maxPages": 0}, "records": "data"}""", Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).contains("config.url", "config.method", "config.auth.tokenEnv",
                "config.pagination.maxPages", "config.records");

        ApiClient.Reply body = register(("{\"url\": \"%s/page\", \"body\": {\"q\": 1}, \"query\": {\"page\": \"2\"},"
                + " \"pagination\": {\"type\": \"page\"}}").formatted(source.url()), Map.of());
        assertThat(body.status()).isEqualTo(400);
        assertThat(fields(body)).containsExactlyInAnyOrder("config.body", "config.query.page");
        assertThat(api.get("/api/spiders?size=1").body().get("total").asLong()).isEqualTo(before);

        ApiClient.Reply schema = api.get("/api/spider-types/api/schema");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.body().get("properties").has("pagination")).isTrue();
    }

    private ApiClient.Reply register(String config, Map<String, String> env) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "api-" + UUID.randomUUID());
        body.put("type", "api");
        body.put("config", JSON.readTree(config));
        body.put("env", env);
        return api.post("/api/spiders", ApiClient.json(body));
    }

    private static List<String> fields(ApiClient.Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.body().get("fieldErrors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    private JsonNode ended(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode task = api.get("/api/tasks/" + taskId).body();
            if (!List.of("pending", "preparing", "running").contains(task.get("status").asString())) {
                return task;
            }
            assertThat(System.nanoTime()).as("task %d did not end: %s", taskId, task).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private List<Integer> ids(JsonNode task) {
        List<Integer> ids = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/items?format=json&size=500").body().get("items")
                .forEach(item -> ids.add(item.get("id").asInt()));
        return ids;
    }

    private List<String> log(JsonNode task) {
        List<String> lines = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/logs?limit=1000").body().get("lines")
                .forEach(line -> lines.add(line.get("line").asString()));
        return lines;
    }
}
