package dev.crawlyard.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.api.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error, whichever layer answers it (Tomcat, the size limit, Jackson, Spring MVC), comes in
 * the one JSON error body, without an HTML page or a Java name. Sent over a raw socket, so that
 * nothing in a client normalises the request first.
 */
class ErrorShapeTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A status and body read back from a raw HTTP/1.1 exchange. */
    record Raw(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Raw send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // The server may answer and close before reading all of an oversized body.
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int headerEnd = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, headerEnd);
            String rest = text.substring(headerEnd + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).findFirst()
                    .orElse("").substring(Math.min(13, headers.length())).trim();
            return new Raw(Integer.parseInt(headers.substring(9, 12)), type, rest);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private String auth() {
        return "Authorization: Bearer " + tokens.create("raw-" + System.nanoTime(), TokenRole.ADMIN, null).secret() + "\r\n";
    }

    private static void assertErrorShape(Raw raw, int status) {
        assertThat(raw.status()).as(raw.body()).isEqualTo(status);
        assertThat(raw.contentType()).as(raw.body()).startsWith("application/json");
        JsonNode body = raw.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("error") && body.has("message") && body.has("path") && body.has("timestamp")).isTrue();
        StrictRequestTest.assertNoJavaInside(body);
        assertThat(raw.body()).doesNotContain("<html", "<!doctype");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/spiders/a%2Fb", "/api/spiders/a%5Cb", "/api/spiders/a%00b", "/api/%2e%2e/x",
        "/api/spiders/a;jsessionid=1"})
    void aPathTomcatRefusesIsAnsweredInTheJsonShape(String path) throws IOException {
        Raw raw = send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "Connection: close\r\n\r\n", null);

        assertThat(raw.status()).isBetween(400, 499);
        assertErrorShape(raw, raw.status());
    }

    @Test
    void headersOverTheLimitAreA431InTheJsonShape() throws IOException {
        Raw raw = send("GET /api/spiders HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "X-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", null);

        assertErrorShape(raw, 431);
    }

    @Test
    void aBodyOverTheLimitIsA413InTheJsonShapeWhetherItsLengthIsSaidOrNot() throws IOException {
        byte[] body = ("{\"name\": \"big\", \"command\": \"true\", \"description\": \"" + "d".repeat(9 * 1024 * 1024)
                + "\"}").getBytes(StandardCharsets.UTF_8);

        Raw said = send("POST /api/spiders HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth()
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n",
                body);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 65_536) {
            int n = Math.min(65_536, body.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Raw unsaid = send("POST /api/spiders HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                chunked.toByteArray());

        assertErrorShape(said, 413);
        assertErrorShape(unsaid, 413);
        assertThat(api.get("/api/spiders/big").status()).isEqualTo(404);
    }

    @Test
    void jacksonAndSpringRefusalsSayWhatIsWrongWithoutJavaNames() throws IOException {
        Raw broken = send(post("/api/spiders", "{\"name\": \"x\", \"command\": "), null);
        Raw wrongType = send(post("/api/spiders", "{\"name\": \"x\", \"command\": [1]}"), null);
        Raw unsupported = send("POST /api/spiders HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth()
                + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi", null);
        Raw method = send("DELETE /api/spiders HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth()
                + "Connection: close\r\n\r\n", null);
        Raw badParameter = send("GET /api/tasks/abc HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth()
                + "Connection: close\r\n\r\n", null);

        assertErrorShape(broken, 400);
        assertThat(broken.json().get("message").asString()).contains("not valid JSON");
        assertErrorShape(wrongType, 400);
        assertThat(wrongType.json().get("fieldErrors").get(0).get("field").asString()).isEqualTo("command");
        assertErrorShape(unsupported, 415);
        assertErrorShape(method, 405);
        assertErrorShape(badParameter, 400);
    }

    private String post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + json;
    }

    @Test
    void anEmptyMapIsStillAcceptedWhereTheFieldIsOptional() {
        assertThat(api.post("/api/spiders", dev.crawlyard.api.ApiClient.json(Map.of("name", "empty-env",
                "command", "true", "env", Map.of()))).status()).isEqualTo(201);
    }
}
