package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends ApiTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"/api/spiders", "/api/tasks", "/api/tasks/1", "/api/tasks/1/logs", "/api/nothing-here"})
    void requestsWithoutATokenGet401WithTheErrorBody(String path) {
        ApiClient.Reply reply = api.withToken(null).get(path);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("status").asInt()).isEqualTo(401);
        assertThat(reply.body().get("message").asString()).contains("Authorization: Bearer");
        assertThat(reply.body().get("path").asString()).isEqualTo(path);
    }

    @Test
    void aWrongOrRevokedTokenGets401AndChangesNothing() {
        long before = api.get("/api/spiders").body().get("total").asLong();

        ApiClient.Reply wrong = api.withToken("cy_not-a-token").post("/api/spiders",
                ApiClient.json(java.util.Map.of("name", "sneaky", "command", "true")));
        String revokedToken = tokens.create("to-revoke");
        tokens.revoke("to-revoke");
        ApiClient.Reply revoked = api.withToken(revokedToken).post("/api/spiders/1/run", null);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body().get("message").asString()).contains("unknown or revoked");
        assertThat(api.get("/api/spiders").body().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void healthNeedsNoToken() {
        ApiClient.Reply reply = api.withToken(null).get("/api/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void theFirstStartMadeExactlyOneAdminToken() {
        long admins = tokens.revoke("admin");

        assertThat(admins).isEqualTo(1);
    }
}
