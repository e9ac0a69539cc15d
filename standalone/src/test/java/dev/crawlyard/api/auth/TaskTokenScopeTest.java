package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The token a running task's spider gets ({@code CRAWLYARD_TASK_TOKEN}, read here from what the
 * spider printed) opens its own task's two monitoring calls and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskTokenScopeTest extends ApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private JdbcClient jdbc;

    private SecurityFixture fixture;
    private ApiClient admin;

    @BeforeAll
    void makeThingsToAimAt() throws InterruptedException {
        admin = new ApiClient(port, tokens.create("task-scope-admin-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret());
        fixture = SecurityFixture.create(admin, tokens);
    }

    @AfterAll
    void stopTheRunningTask() {
        fixture.close(admin);
    }

    @Test
    void aTaskTokenIsRefusedEverywhereButItsOwnMonitoringCalls() {
        assertThat(fixture.liveTaskToken).startsWith("cy_");
        String before = fixture.snapshot(jdbc);

        for (Endpoint endpoint : Endpoint.all(mappings)) {
            if (endpoint.isMonitoring() || endpoint.isHealth()) {
                continue;
            }
            if (endpoint.isCrawl()) {
                // Open to task tokens; the fixture's task runs a command, not the crawler, so the call
                // is refused past security (an incomplete body, or not a crawler's task), changing nothing.
                RawHttp.Response response = send(endpoint.method(), fixture.path(endpoint), fixture.body(endpoint));
                assertThat(response.status()).as(endpoint + " with a command task's token: " + response.body())
                        .isIn(400, 409);
                continue;
            }
            RawHttp.Response response = send(endpoint.method(), fixture.path(endpoint), fixture.body(endpoint));
            JsonNode body = ErrorBodies.assertError(response, 403, endpoint + " with a task token");
            assertThat(body.get("message").asString()).contains("task token opens only its own task's");
        }

        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void aTaskTokenCannotReportForAnotherTask() {
        String before = fixture.snapshot(jdbc);

        for (String call : List.of("/api/v1/monitoring/heartbeat", "/api/v1/monitoring/completion")) {
            for (long other : List.of(fixture.finishedTask, fixture.liveTask + 1000)) {
                RawHttp.Response response = send("POST", call, json(Map.of("execution_id", other, "status", "forged",
                        "progress", 5, "result_data", Map.of("forged", true))));
                JsonNode body = ErrorBodies.assertError(response, 403, call + " for task " + other);
                assertThat(body.get("message").asString()).contains("belongs to task " + fixture.liveTask);
            }
        }

        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);
        assertThat(admin.get("/api/tasks/" + fixture.finishedTask).body().get("result").isNull()).isTrue();
    }

    @Test
    void aTaskTokenReportsForItsOwnTask() {
        RawHttp.Response heartbeat = send("POST", "/api/v1/monitoring/heartbeat",
                json(Map.of("execution_id", Long.toString(fixture.liveTask), "status", "crawling", "progress", 30)));
        RawHttp.Response completion = send("POST", "/api/v1/monitoring/completion",
                json(Map.of("execution_id", fixture.liveTask, "status", "completed", "result_data", Map.of("pages", 3))));

        assertThat(heartbeat.status()).as(heartbeat.body()).isEqualTo(200);
        assertThat(completion.status()).as(completion.body()).isEqualTo(200);
        JsonNode task = admin.get("/api/tasks/" + fixture.liveTask).body();
        assertThat(task.get("progress").get("percentage").asDouble()).isEqualTo(30.0);
        assertThat(task.get("result").get("pages").asInt()).isEqualTo(3);
    }

    private RawHttp.Response send(String method, String path, SecurityFixture.Body body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + fixture.liveTaskToken);
        if (body.contentType() != null) {
            headers.put("Content-Type", body.contentType());
        }
        return RawHttp.send(port, method, path, headers, body.bytes());
    }

    private static SecurityFixture.Body json(Map<String, Object> body) {
        return new SecurityFixture.Body("application/json", ApiClient.json(body).getBytes(StandardCharsets.UTF_8));
    }
}
