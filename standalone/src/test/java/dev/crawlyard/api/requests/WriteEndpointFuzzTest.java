package dev.crawlyard.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.api.requests.HostileJson.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Generated hostile bodies (fixed seed; a failing case is named by its endpoint and number, and
 * the same seed makes it again) against every write endpoint that takes JSON, over real HTTP on
 * the real platform: never a 5xx, the error body always in its one shape, and on a 4xx nothing in
 * the database changed.
 */
class WriteEndpointFuzzTest extends ApiTestBase {

    static final long SEED = 14_000_014L;
    static final int CASES_PER_ENDPOINT = 60;

    /** A write endpoint: its method, its path (with $SPIDER, $SCHEDULE, $TASK filled in) and its fields. */
    record Endpoint(String method, String path, Map<String, Kind> fields) {
    }

    static final Map<String, Endpoint> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("create spider", new Endpoint("POST", "/api/spiders", fields("name", Kind.NAME,
                "command", Kind.COMMAND, "description", Kind.TEXT, "files", Kind.STRING_MAP, "env", Kind.STRING_MAP,
                "runtimeLimitSeconds", Kind.LONG, "memoryLimitMb", Kind.LONG, "maxAttempts", Kind.INT,
                "retryBackoffSeconds", Kind.LONG, "dedupField", Kind.FIELD, "dedupMode", Kind.DEDUP_MODE,
                "installCommand", Kind.COMMAND)));
        ENDPOINTS.put("run spider", new Endpoint("POST", "/api/spiders/$SPIDER/run", fields("params", Kind.STRING_MAP,
                "env", Kind.STRING_MAP, "runtimeLimitSeconds", Kind.LONG, "maxAttempts", Kind.INT, "mode", Kind.MODE,
                "nodes", Kind.NODE_LIST, "reassign", Kind.BOOL, "version", Kind.INT)));
        Map<String, Kind> schedule = fields("spider", Kind.ID, "version", Kind.INT, "cron", Kind.CRON,
                "timeZone", Kind.ZONE, "params", Kind.STRING_MAP, "env", Kind.STRING_MAP, "mode", Kind.MODE,
                "nodes", Kind.NODE_LIST, "reassign", Kind.BOOL, "overlap", Kind.OVERLAP, "maxAttempts", Kind.INT,
                "runtimeLimitSeconds", Kind.LONG, "enabled", Kind.BOOL, "autoPauseAfter", Kind.INT);
        ENDPOINTS.put("create schedule", new Endpoint("POST", "/api/schedules", schedule));
        ENDPOINTS.put("replace schedule", new Endpoint("PUT", "/api/schedules/$SCHEDULE", schedule));
        ENDPOINTS.put("pause schedule", new Endpoint("POST", "/api/schedules/$SCHEDULE/pause",
                fields("note", Kind.TEXT)));
        ENDPOINTS.put("backfill schedule", new Endpoint("POST", "/api/schedules/$SCHEDULE/backfill",
                fields("from", Kind.INSTANT, "to", Kind.INSTANT)));
        ENDPOINTS.put("change node", new Endpoint("PATCH", "/api/nodes/in-process", fields("enabled", Kind.BOOL,
                "maxRunners", Kind.INT, "name", Kind.NAME, "labels", Kind.STRING_MAP)));
        ENDPOINTS.put("current version", new Endpoint("PUT", "/api/spiders/$SPIDER/current-version",
                fields("version", Kind.INT)));
        ENDPOINTS.put("heartbeat", new Endpoint("POST", "/api/v1/monitoring/heartbeat", fields("execution_id",
                Kind.TASK, "status", Kind.TEXT, "progress", Kind.LONG)));
        ENDPOINTS.put("completion", new Endpoint("POST", "/api/v1/monitoring/completion", fields("execution_id",
                Kind.TASK, "status", Kind.TEXT, "result_data", Kind.STRING_MAP, "error_message", Kind.TEXT)));
    }

    private static Map<String, Kind> fields(Object... pairs) {
        Map<String, Kind> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], (Kind) pairs[i + 1]);
        }
        return fields;
    }

    static Stream<Arguments> cases() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Arguments> cases = new ArrayList<>();
        ENDPOINTS.forEach((name, endpoint) -> {
            for (int i = 0; i < CASES_PER_ENDPOINT; i++) {
                cases.add(Arguments.of(name, i, HostileJson.body(random, endpoint.fields())));
            }
        });
        return cases.stream();
    }

    @Autowired
    JdbcClient jdbc;

    /** Accepted and refused cases by endpoint, so that a generator that only ever makes refusals shows. */
    private static final Map<String, int[]> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void someOfEachEndpointsCasesWereAccepted() {
        org.slf4j.LoggerFactory.getLogger(WriteEndpointFuzzTest.class).info("accepted / refused by endpoint: {}",
                OUTCOMES.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1])
                        .toList());
        for (String name : List.of("create spider", "run spider", "create schedule", "replace schedule",
                "pause schedule", "change node", "heartbeat", "completion")) {
            assertThat(OUTCOMES.getOrDefault(name, new int[2])[0]).as("accepted cases of %s", name).isPositive();
        }
    }

    private static long spider;
    private static long schedule;
    private static long task;
    private static JsonNode node;

    @BeforeEach
    void targets() throws InterruptedException {
        if (spider != 0 && api.get("/api/schedules/" + schedule).status() == 200) {
            return;
        }
        spider = spider("true", Map.of("files.txt", "version 1"));
        schedule = api.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 3 1 1 *"))).body().get("id").asLong();
        node = api.get("/api/nodes/in-process").body();
        long sleeper = spider("sleep 600", Map.of());
        task = run(sleeper);
        awaitStatus(task, "running");
    }

    /** What a refused request must leave as it was. */
    private String state() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM spiders) || '|' || (SELECT count(*) FROM tasks) || '|'
                    || (SELECT coalesce(md5(string_agg(s::text, ',' ORDER BY s.id)), '') FROM schedules s) || '|'
                    || (SELECT coalesce(md5(string_agg(concat_ws(',', node_key, name, labels::text, enabled,
                        max_runners), ';' ORDER BY node_key)), '') FROM nodes) || '|'
                    || (SELECT coalesce(md5(string_agg(concat_ws(',', id, current_version, updated_at), ';'
                        ORDER BY id)), '') FROM spiders) || '|'
                    || (SELECT coalesce(md5(string_agg(concat_ws(',', id, progress_stage, progress_current,
                        progress_total, progress_percentage, result::text, last_error), ';' ORDER BY id)), '')
                        FROM tasks)""").query(String.class).single();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void neverA5xxAndNothingWrittenOnA4xx(String name, int index, String body) {
        Endpoint endpoint = ENDPOINTS.get(name);
        String path = endpoint.path().replace("$SPIDER", Long.toString(spider))
                .replace("$SCHEDULE", Long.toString(schedule));
        String json = body.replace("$SPIDER", Long.toString(spider)).replace("$TASK", Long.toString(task));
        String before = state();

        ApiClient.Reply reply = switch (endpoint.method()) {
            case "POST" -> api.post(path, json);
            case "PUT" -> api.put(path, json);
            default -> api.patch(path, json);
        };

        assertThat(reply.status()).as(json.length() > 500 ? json.substring(0, 500) : json).isLessThan(500);
        OUTCOMES.computeIfAbsent(name, n -> new int[2])[reply.status() >= 400 ? 1 : 0]++;
        if (reply.status() >= 400) {
            JsonNode error = reply.body();
            assertThat(error.get("status").asInt()).isEqualTo(reply.status());
            assertThat(error.get("message").asString()).isNotBlank();
            StrictRequestTest.assertNoJavaInside(error);
            assertThat(state()).as("nothing written on a %s: %s", reply.status(), json.length() > 300
                    ? json.substring(0, 300) : json).isEqualTo(before);
        } else {
            undo(name, reply);
        }
    }

    /** Puts back what an accepted request changed that would disturb the cases after it. */
    private void undo(String name, ApiClient.Reply reply) {
        switch (name) {
            case "create schedule" -> api.delete("/api/schedules/" + reply.body().get("id").asLong());
            case "replace schedule", "pause schedule" -> api.put("/api/schedules/" + schedule, ApiClient.json(
                    Map.of("spider", Long.toString(spider), "cron", "0 3 1 1 *")));
            case "change node" -> api.patch("/api/nodes/in-process", ApiClient.json(Map.of("enabled", true,
                    "maxRunners", node.get("maxRunners").asInt(), "name", node.get("name").asString(),
                    "labels", node.get("labels"))));
            default -> {
            }
        }
        if (name.equals("pause schedule")) {
            api.post("/api/schedules/" + schedule + "/unpause", null);
        }
    }
}
