package dev.crawlyard.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to the API under test, as a user's curl would make them. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public ApiClient(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A response: its status, its JSON body and its headers. */
    public record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {

        /** The value of a response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    /** A response read as text, for the streamed export formats. */
    public record TextReply(int status, String contentType, String body) {
    }

    public TextReply getText(String path) {
        try {
            HttpResponse<String> response = http.send(builder(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new TextReply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, String json) {
        return post(path, json, java.util.Map.of());
    }

    /** A POST with these request headers too. */
    public Reply post(String path, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder builder = builder(path).header("Content-Type", "application/json");
        headers.forEach(builder::header);
        return send(json == null ? builder.POST(HttpRequest.BodyPublishers.noBody())
                : builder.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply patch(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** One part of a multipart body: a form field name, a submitted file name, and the content. */
    public record Part(String name, String fileName, byte[] body) {

        public static Part file(String path, String text) {
            return new Part("files", path, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A multipart/form-data POST, as curl -F sends it. */
    public Reply postMultipart(String path, List<Part> parts) {
        String boundary = "crawlyard-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"")
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.body());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(builder(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A POST whose body is {@code body} as {@code contentType}. */
    public Reply postBytes(String path, String contentType, byte[] body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply delete(String path) {
        return send(builder(path).DELETE());
    }

    public Reply put(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A response read as bytes, for downloads. */
    public record BytesReply(int status, String contentDisposition, byte[] body) {
    }

    public BytesReply getBytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(builder(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new BytesReply(response.statusCode(),
                    response.headers().firstValue("Content-Disposition").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ApiClient withToken(String other) {
        return new ApiClient(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), other);
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
