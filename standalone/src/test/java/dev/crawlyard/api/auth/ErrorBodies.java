package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** The API's one error shape: {@code status, error, message, path, fieldErrors, timestamp}. */
final class ErrorBodies {

    private ErrorBodies() {
    }

    /** Asserts the response has {@code status} and the error body, and returns the body. */
    static JsonNode assertError(RawHttp.Response response, int status, String what) {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/json");
        JsonNode body = response.json();
        assertShape(body, status, what);
        return body;
    }

    static void assertShape(JsonNode body, int status, String what) {
        assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.get("error").asString()).as(what).isNotBlank();
        assertThat(body.get("message").asString()).as(what).isNotBlank();
        assertThat(body.get("path").isString()).as(what + ": path").isTrue();
        assertThat(body.get("fieldErrors").isArray()).as(what + ": fieldErrors").isTrue();
        assertThat(body.get("timestamp").asString()).as(what).isNotBlank();
    }
}
