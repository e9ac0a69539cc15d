package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

/** What each role may do, over every endpoint the controllers map; and tokens made, listed, revoked and expired. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRolesTest extends ApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private JdbcClient jdbc;

    private SecurityFixture fixture;
    private ApiClient admin;

    @BeforeAll
    void makeThingsToAimAt() throws InterruptedException {
        admin = new ApiClient(port, tokens.create("roles-admin-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret());
        fixture = SecurityFixture.create(admin, tokens);
    }

    @AfterAll
    void stopTheRunningTask() {
        fixture.close(admin);
    }

    @Test
    void aViewerReadsEverythingButTokensAndWritesNothing() {
        String viewer = issue(TokenRole.VIEWER);
        String before = fixture.snapshot(jdbc);

        for (Endpoint endpoint : Endpoint.all(mappings)) {
            RawHttp.Response response = send(endpoint, viewer);
            if (endpoint.isRead() && !endpoint.isTokens()) {
                assertThat(response.status()).as(endpoint + ": " + response.body()).isEqualTo(endpoint.isDocsPage() ? 302 : 200);
            } else if (!endpoint.isHealth()) {
                JsonNode body = ErrorBodies.assertError(response, 403, endpoint + " as a viewer");
                if (!endpoint.isTokens()) {
                    assertThat(body.get("message").asString()).as(endpoint.toString()).contains("viewer token may only read");
                }
            }
        }

        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void anOperatorMayDoEverythingButManageTokens() throws InterruptedException {
        // A fixture of its own, since the operator's calls delete and cancel what they are aimed at.
        SecurityFixture own = SecurityFixture.create(admin, tokens);
        String operator = issue(TokenRole.OPERATOR);
        long tokensBefore = tokenCount();
        JsonNode node = admin.get("/api/nodes/" + SecurityFixture.NODE).body();
        Map<String, Integer> statuses = new HashMap<>();
        Map<String, JsonNode> answers = new HashMap<>();
        // Before the sweep cancels the task: reporting for a running task.
        assertThat(RawHttp.send(port, "POST", "/api/v1/monitoring/heartbeat",
                Map.of("Authorization", "Bearer " + operator, "Content-Type", "application/json"),
                ApiClient.json(Map.of("execution_id", own.liveTask, "progress", 10)).getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);

        for (Endpoint endpoint : Endpoint.all(mappings)) {
            RawHttp.Response response = send(own, endpoint, operator);
            if (response.body().startsWith("{")) {
                answers.put(endpoint.toString(), response.json());
            }
            if (endpoint.isTokens()) {
                JsonNode body = ErrorBodies.assertError(response, 403, endpoint + " as an operator");
                assertThat(body.get("message").asString()).contains("only an admin token may manage tokens");
            } else if (endpoint.isCrawl()) {
                JsonNode body = ErrorBodies.assertError(response, 403, endpoint + " as an operator");
                assertThat(body.get("message").asString()).contains("crawler task's own token");
            } else {
                assertThat(response.status()).as(endpoint + ": " + response.body()).isNotIn(401, 403);
                statuses.put(endpoint.toString(), response.status());
            }
        }

        assertThat(tokenCount()).isEqualTo(tokensBefore);
        assertThat(tokens.find(own.victimToken).orElseThrow().revokedAt()).isNull();
        assertThat(statuses).containsEntry("POST /api/spiders", 201)
                .containsEntry("POST /api/spiders/{ref}/run", 202)
                .containsEntry("POST /api/tasks/{id}/cancel", 202)
                .containsEntry("POST /api/schedules", 201)
                .containsEntry("PATCH /api/nodes/{key}", 200)
                .containsEntry("DELETE /api/schedules/{id}", 204)
                .containsEntry("POST /api/webhooks", 201)
                .containsEntry("DELETE /api/webhooks/{id}", 204);
        // Put back what the operator changed: other tests share this platform.
        assertThat(admin.patch("/api/nodes/" + SecurityFixture.NODE, ApiClient.json(Map.of(
                "maxRunners", node.get("maxRunners").asInt(), "name", node.get("name").asString()))).status())
                .isEqualTo(200);
        admin.post("/api/tasks/" + answers.get("POST /api/spiders/{ref}/run").get("id").asLong() + "/cancel", null);
        admin.delete("/api/schedules/" + answers.get("POST /api/schedules").get("id").asLong());
        admin.delete("/api/webhooks/" + answers.get("POST /api/webhooks").get("id").asLong());
        own.close(admin);
    }

    /**
     * The operations endpoints, Actuator's and springdoc's among them: every role of the API reads the
     * metrics, the OpenAPI document and its page and the webhook subscriptions; only an operator (or an
     * admin) makes, enables, deletes or redelivers one; a task's token gets none of it.
     */
    @Test
    void everyRoleReadsTheOperationsEndpointsAndOnlyAnOperatorChangesWebhooks() {
        Map<String, String> readers = Map.of("viewer", issue(TokenRole.VIEWER), "operator", issue(TokenRole.OPERATOR),
                "admin", issue(TokenRole.ADMIN));
        for (var reader : readers.entrySet()) {
            RawHttp.Response metrics = get("/api/metrics", reader.getValue());
            assertThat(metrics.status()).as("metrics as " + reader.getKey()).isEqualTo(200);
            assertThat(metrics.body()).contains("crawlyard_tasks_started_total");
            RawHttp.Response document = get("/api/openapi", reader.getValue());
            assertThat(document.status()).as("the document as " + reader.getKey()).isEqualTo(200);
            assertThat(document.json().get("paths").has("/api/webhooks")).isTrue();
            assertThat(get("/api/docs", reader.getValue()).status()).as("the page as " + reader.getKey()).isIn(200, 302);
            RawHttp.Response webhooks = get("/api/webhooks", reader.getValue());
            assertThat(webhooks.status()).as("webhooks as " + reader.getKey()).isEqualTo(200);
            assertThat(webhooks.body()).as("a listed subscription shows no secret").doesNotContain("whsec_");
            // The URL may be a credential itself: a viewer sees where deliveries go, not the URL.
            String url = get("/api/webhooks/" + fixture.webhook, reader.getValue()).json().get("url").asString();
            if (reader.getKey().equals("viewer")) {
                assertThat(url).isEqualTo("http://127.0.0.1:9/…");
                assertThat(webhooks.body()).doesNotContain("hook-secret").doesNotContain("secret-path");
            } else {
                assertThat(url).isEqualTo("http://127.0.0.1:9/never/secret-path?token=hook-secret");
            }
            assertThat(get("/api/webhooks/" + fixture.webhook + "/deliveries", reader.getValue()).status()).isEqualTo(200);
        }
        for (String path : List.of("/api/metrics", "/api/openapi", "/api/webhooks", "/api/webhooks/" + fixture.webhook)) {
            ErrorBodies.assertError(get(path, fixture.liveTaskToken), 403, path + " with a task token");
        }

        String viewer = readers.get("viewer");
        String before = fixture.snapshot(jdbc);
        Map<String, String> writes = new java.util.LinkedHashMap<>();
        writes.put("POST /api/webhooks", ApiClient.json(Map.of("url", "http://127.0.0.1:9/viewer", "events",
                List.of("task.finished"), "scheduleId", fixture.schedule)));
        writes.put("POST /api/webhooks/" + fixture.webhook + "/enable", "");
        writes.put("DELETE /api/webhooks/" + fixture.webhook, "");
        writes.put("POST /api/webhooks/" + fixture.webhook + "/deliveries/1/redeliver", "");
        for (var write : writes.entrySet()) {
            String[] call = write.getKey().split(" ");
            Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + viewer));
            if (!write.getValue().isEmpty()) {
                headers.put("Content-Type", "application/json");
            }
            JsonNode body = ErrorBodies.assertError(RawHttp.send(port, call[0], call[1], headers,
                    write.getValue().getBytes(StandardCharsets.UTF_8)), 403, write.getKey() + " as a viewer");
            assertThat(body.get("message").asString()).contains("viewer token may only read");
        }
        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);

        ApiClient operator = admin.withToken(readers.get("operator"));
        ApiClient.Reply made = operator.post("/api/webhooks", writes.get("POST /api/webhooks"));
        assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
        assertThat(made.body().get("secret").asString()).startsWith("whsec_");
        assertThat(operator.delete("/api/webhooks/" + made.body().get("id").asLong()).status()).isEqualTo(204);
    }

    private RawHttp.Response get(String path, String token) {
        return RawHttp.send(port, "GET", path, Map.of("Authorization", "Bearer " + token), new byte[0]);
    }

    @Test
    void anAdminMakesListsAndRevokesTokensAndTheSecretIsShownOnlyOnce() {
        ApiClient.Reply created = admin.post("/api/tokens", ApiClient.json(Map.of("name", "ci reader", "role", "viewer")));

        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String secret = created.body().get("token").asString();
        long id = created.body().get("id").asLong();
        assertThat(secret).startsWith(TokenStore.PREFIX);
        assertThat(created.body().get("role").asString()).isEqualTo("viewer");
        assertThat(created.body().get("expiresAt").isNull()).isTrue();

        ApiClient.TextReply list = admin.getText("/api/tokens?size=500");
        ApiClient.TextReply one = admin.getText("/api/tokens/" + id);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"ci reader\"").doesNotContain(secret).doesNotContain(TokenStore.hash(secret));
        assertThat(one.body()).doesNotContain(secret).doesNotContain(TokenStore.hash(secret)).doesNotContain("\"token\"");
        JsonNode view = admin.get("/api/tokens/" + id).body();
        assertThat(view.get("status").asString()).isEqualTo("active");
        assertThat(view.get("lastUsedAt").isNull()).isTrue();
        assertThat(view.get("createdAt").asString()).isNotBlank();

        ApiClient reader = admin.withToken(secret);
        assertThat(reader.get("/api/spiders").status()).isEqualTo(200);
        assertThat(admin.delete("/api/tokens/" + id).status()).isEqualTo(204);
        ApiClient.Reply refused = reader.get("/api/spiders");

        assertThat(refused.status()).isEqualTo(401);
        ErrorBodies.assertShape(refused.body(), 401, "a revoked token");
        assertThat(refused.body().get("message").asString()).contains("unknown, revoked or expired");
        JsonNode revoked = admin.get("/api/tokens/" + id).body();
        assertThat(revoked.get("status").asString()).isEqualTo("revoked");
        assertThat(revoked.get("revokedAt").isNull()).isFalse();
        assertThat(admin.delete("/api/tokens/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/api/tokens/999999999").status()).isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefusedFromTheMomentItExpires() throws InterruptedException {
        ApiClient.Reply hour = admin.post("/api/tokens",
                ApiClient.json(Map.of("name", "an hour", "role", "operator", "expiresInSeconds", 3600)));
        ApiClient.Reply second = admin.post("/api/tokens",
                ApiClient.json(Map.of("name", "a second", "role", "viewer", "expiresInSeconds", 1)));
        ApiClient hourly = admin.withToken(hour.body().get("token").asString());
        assertThat(hourly.get("/api/spiders").status()).isEqualTo(200);
        assertThat(hour.body().get("expiresAt").asString()).isNotBlank();

        // The hour passes.
        jdbc.sql("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", hour.body().get("id").asLong()).update();
        ApiClient.Reply refused = hourly.get("/api/spiders");

        assertThat(refused.status()).isEqualTo(401);
        ErrorBodies.assertShape(refused.body(), 401, "an expired token");
        assertThat(admin.get("/api/tokens/" + hour.body().get("id").asLong()).body().get("status").asString())
                .isEqualTo("expired");
        // And a token made to last a second stops working on its own.
        ApiClient brief = admin.withToken(second.body().get("token").asString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (brief.get("/api/spiders").status() != 401) {
            assertThat(System.nanoTime()).as("the one-second token still works").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theLastUseIsRecordedAtMostOnceAMinute() {
        ApiClient.Reply created = admin.post("/api/tokens", ApiClient.json(Map.of("name", "used", "role", "viewer")));
        long id = created.body().get("id").asLong();
        ApiClient user = admin.withToken(created.body().get("token").asString());

        user.get("/api/spiders");
        String first = admin.get("/api/tokens/" + id).body().get("lastUsedAt").asString();
        user.get("/api/nodes");
        String second = admin.get("/api/tokens/" + id).body().get("lastUsedAt").asString();

        assertThat(first).isNotBlank();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aBadTokenRequestIsA400AndMakesNoToken() {
        long before = tokenCount();
        List<Map<String, Object>> bad = List.of(
                Map.of("role", "viewer"),
                Map.of("name", "x"),
                Map.of("name", "x", "role", "root"),
                Map.of("name", " ", "role", "viewer"),
                Map.of("name", "x", "role", "viewer", "expiresInSeconds", 0),
                Map.of("name", "x", "role", "viewer", "expiresAt", "2020-01-01T00:00:00Z"),
                Map.of("name", "x", "role", "viewer", "expiresAt", "2999-01-01T00:00:00Z", "expiresInSeconds", 60));

        for (Map<String, Object> request : bad) {
            ApiClient.Reply reply = admin.post("/api/tokens", ApiClient.json(request));
            assertThat(reply.status()).as(request + ": " + reply.body()).isEqualTo(400);
            ErrorBodies.assertShape(reply.body(), 400, request.toString());
            assertThat(reply.body().get("fieldErrors")).as(request.toString()).isNotEmpty();
        }
        assertThat(admin.post("/api/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"expiresAt\":\"soon\"}").status())
                .isEqualTo(400);
        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void theFirstStartMadeExactlyOneAdminToken() {
        JsonNode admins = admin.get("/api/tokens?role=admin&size=500").body().get("items");

        assertThat(admins).filteredOn(token -> token.get("name").asString().equals("admin")).hasSize(1);
        assertThat(admin.get("/api/tokens?role=superuser").status()).isEqualTo(400);
    }

    private String issue(TokenRole role) {
        return tokens.create(role.wireName() + "-" + UUID.randomUUID(), role, null).secret();
    }

    private long tokenCount() {
        return jdbc.sql("SELECT count(*) FROM api_tokens").query(Long.class).single();
    }

    private RawHttp.Response send(Endpoint endpoint, String token) {
        return send(fixture, endpoint, token);
    }

    private RawHttp.Response send(SecurityFixture target, Endpoint endpoint, String token) {
        SecurityFixture.Body body = target.body(endpoint);
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + token));
        if (body.contentType() != null) {
            headers.put("Content-Type", body.contentType());
        }
        return RawHttp.send(port, endpoint.method(), target.path(endpoint) + target.query(endpoint), headers, body.bytes());
    }
}
