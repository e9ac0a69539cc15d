package dev.crawlyard.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies are taken as written or refused: no field ignored, no value coerced to another
 * type, every number within its documented range, no NUL in any text; a refusal names the field
 * and writes nothing.
 */
class StrictRequestTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static List<String> fields(ApiClient.Reply reply) {
        return reply.body().get("fieldErrors").valueStream().map(f -> f.get("field").asString()).toList();
    }

    private void assertRefused(ApiClient.Reply reply, String... fields) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
        assertThat(fields(reply)).as(String.valueOf(reply.body())).contains(fields);
        assertNoJavaInside(reply.body());
    }

    static void assertNoJavaInside(JsonNode body) {
        assertThat(body.toString()).doesNotContain("java.", "tools.jackson", "Exception", "`", "dev.crawlyard");
    }

    @Test
    void unknownFieldsAreRefusedByNameAllAtOnce() {
        long before = count("spiders");

        ApiClient.Reply reply = api.post("/api/spiders", "{\"name\": \"typo\", \"command\": \"true\", "
                + "\"runtimeLimitSecond\": 60, \"max_attempts\": 3}");

        assertRefused(reply, "runtimeLimitSecond", "max_attempts");
        assertThat(count("spiders")).isEqualTo(before);
    }

    @Test
    void readOnlyFieldsAreRefusedAsReadOnly() {
        long before = count("spiders");

        ApiClient.Reply reply = api.post("/api/spiders", "{\"id\": 7, \"createdAt\": \"2020-01-01T00:00:00Z\", "
                + "\"name\": \"ro\", \"command\": \"true\"}");

        assertRefused(reply, "id", "createdAt");
        assertThat(reply.body().toString()).contains("read-only");
        assertThat(count("spiders")).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\": \"c1\", \"command\": true}",
        "{\"name\": \"c2\", \"command\": \"true\", \"maxAttempts\": 1.5}",
        "{\"name\": \"c3\", \"command\": \"true\", \"maxAttempts\": \"10\"}",
        "{\"name\": \"c4\", \"command\": \"true\", \"runtimeLimitSeconds\": \"10\"}",
        "{\"name\": \"c5\", \"command\": 12}",
        "{\"name\": \"c6\", \"command\": \"true\", \"env\": {\"A\": 1}}",
        "{\"name\": \"c7\", \"command\": \"true\", \"env\": \"A=1\"}",
        "{\"name\": \"c8\", \"command\": \"true\", \"maxAttempts\": true}",
        "{\"name\": \"c9\", \"command\": \"true\", \"maxAttempts\": 1, \"maxAttempts\": 50}",
        "{\"name\": \"c10\", \"command\": \"true\"} trailing",
        "[\"name\", \"c11\"]",
        "{\"name\": \"c12\", \"command\": \"true\", \"memoryLimitMb\": 1e3}"})
    void aValueOfAnotherTypeIsRefusedNotCoerced(String body) {
        long before = count("spiders");

        ApiClient.Reply reply = api.post("/api/spiders", body);

        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
        assertNoJavaInside(reply.body());
        assertThat(count("spiders")).isEqualTo(before);
    }

    @Test
    void numbersOutsideTheirRangeAreRefusedByField() {
        long spider = spider("true", Map.of());
        long tasks = count("tasks");

        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"runtimeLimitSeconds\": 320000000000}"),
                "runtimeLimitSeconds");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"runtimeLimitSeconds\": 9223372036854775807}"),
                "runtimeLimitSeconds");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"maxAttempts\": 21}"), "maxAttempts");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"maxAttempts\": 0}"), "maxAttempts");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"version\": -1}"), "version");
        assertThat(api.post("/api/spiders/" + spider + "/run", "{\"maxAttempts\": 99999999999}").status())
                .isEqualTo(400);
        assertThat(count("tasks")).isEqualTo(tasks);

        long spiders = count("spiders");
        assertRefused(api.post("/api/spiders", "{\"name\": \"mem\", \"command\": \"true\", \"memoryLimitMb\": "
                + "9223372036854775807}"), "memoryLimitMb");
        assertRefused(api.post("/api/spiders", "{\"name\": \"mem\", \"command\": \"true\", \"memoryLimitMb\": "
                + "17592186044416}"), "memoryLimitMb");
        assertRefused(api.post("/api/spiders", "{\"name\": \"rt\", \"command\": \"true\", \"runtimeLimitSeconds\": "
                + "9223372036854775807}"), "runtimeLimitSeconds");
        assertThat(count("spiders")).isEqualTo(spiders);

        assertRefused(api.get("/api/spiders?page=2000000000&size=20"), "page");
        assertRefused(api.get("/api/tasks?size=501"), "size");
        assertRefused(api.get("/api/tasks/1/logs?limit=0"), "limit");
        assertRefused(api.get("/api/tasks?spider=a%00b"), "spider");
    }

    @Test
    void aHugeRuntimeLimitCanNoLongerStrandATaskInPreparing() throws Exception {
        long spider = spider("true", Map.of());

        ApiClient.Reply longest = api.post("/api/spiders/" + spider + "/run", "{\"runtimeLimitSeconds\": 31536000}");

        assertThat(longest.status()).isEqualTo(202);
        awaitStatus(longest.body().get("id").asLong(), "finished");
    }

    @Test
    void aNulInAnyTextIsRefusedNamingTheField() {
        long spider = spider("true", Map.of());
        long spiders = count("spiders");
        long tasks = count("tasks");

        assertRefused(api.post("/api/spiders", "{\"name\": \"n1\", \"command\": \"echo \\u0000\"}"), "command");
        assertRefused(api.post("/api/spiders", "{\"name\": \"n2\", \"command\": \"true\", \"description\": "
                + "\"a\\u0000b\"}"), "description");
        assertRefused(api.post("/api/spiders", "{\"name\": \"n3\", \"command\": \"true\", \"env\": {\"A\": "
                + "\"\\u0000\"}}"), "env.A");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"params\": {\"p\": \"x\\u0000\"}}"), "params.p");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"params\": {\"p\\u0000\": \"x\"}}"), "params");
        assertRefused(api.post("/api/spiders/" + spider + "/run", "{\"mode\": \"selected\", \"nodes\": "
                + "[\"in-\\u0000process\"]}"), "nodes");
        assertThat(count("spiders")).isEqualTo(spiders);
        assertThat(count("tasks")).isEqualTo(tasks);

        JsonNode node = api.get("/api/nodes/in-process").body();
        assertRefused(api.patch("/api/nodes/in-process", "{\"name\": \"a\\u0000b\"}"), "name");
        assertRefused(api.patch("/api/nodes/in-process", "{\"labels\": {\"rack\": \"\\u0000\"}}"), "labels.rack");
        assertThat(api.get("/api/nodes/in-process").body().get("name")).isEqualTo(node.get("name"));

        long schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 3 1 1 *"))).body().get("id").asLong();
        assertRefused(api.post("/api/schedules/" + schedule + "/pause", "{\"note\": \"\\u0000\"}"), "note");
        assertThat(api.get("/api/schedules/" + schedule).body().get("paused").asBoolean()).isFalse();
        api.delete("/api/schedules/" + schedule);
    }

    @Test
    void paramsOrEnvOverTheLimitAreRefusedBeforeAnyTaskIsMade() {
        long spider = spider("true", Map.of());
        long tasks = count("tasks");
        String big = "x".repeat(300 * 1024);

        ApiClient.Reply params = api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("params",
                Map.of("p", big))));
        ApiClient.Reply env = api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("env",
                Map.of("BIG", big))));

        assertRefused(params, "params");
        assertThat(env.status()).isEqualTo(400);
        assertThat(count("tasks")).isEqualTo(tasks);
        assertThat(count("tasks WHERE status = 'abnormal'")).isZero();
    }
}
