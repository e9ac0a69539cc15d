package dev.crawlyard.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.crawlyard.store.tokens.TokenRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/tasks/{id}/events} read by a real HTTP client as it arrives. The test platform's
 * streams send a heartbeat after 1 s of silence and last at most 6 s.
 */
class TaskEventStreamTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROGRESS = "echo '{\"ipc\":true,\"type\":\"progress\",\"payload\":{\"stage\":\"pages\","
            + "\"current\":5,\"total\":10,\"percentage\":50}}'";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One server-sent event, or a comment (name ":"). */
    record Event(String name, String id, String data) {

        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    /** An open stream, read event by event. */
    final class Stream implements AutoCloseable {

        final int status;
        final String contentType;
        private final BufferedReader reader;

        Stream(HttpResponse<java.io.InputStream> response) {
            this.status = response.statusCode();
            this.contentType = response.headers().firstValue("Content-Type").orElse("");
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The next event or comment, or null when the server closed the stream. */
        Event next() throws IOException {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || id != null) {
                        return new Event(name, id, data.toString());
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    return new Event(":", null, line.substring(1).trim());
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                switch (field) {
                    case "event" -> name = value;
                    case "id" -> id = value;
                    case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                    default -> { }
                }
            }
            return null;
        }

        /** Events up to the first one named {@code name} (included), skipping comments; fails if the stream ends first. */
        List<Event> until(String name) throws IOException {
            List<Event> events = new ArrayList<>();
            for (Event event = next(); event != null; event = next()) {
                if (!event.name().equals(":")) {
                    events.add(event);
                }
                if (event.name().equals(name)) {
                    return events;
                }
            }
            throw new AssertionError("the stream ended before a '" + name + "' event: " + events);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private Stream open(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new Stream(http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    @Test
    void linesAndProgressArriveWhileTheTaskRunsAndTheStreamEndsWhenItIsCancelled() throws Exception {
        long spider = spider("echo first line; " + PROGRESS + "; exec sleep 600", Map.of());
        long task = run(spider);

        try (Stream stream = open("/api/tasks/" + task + "/events", Map.of())) {
            assertThat(stream.status).isEqualTo(200);
            assertThat(stream.contentType).startsWith("text/event-stream");
            List<Event> seen = new ArrayList<>();
            while (seen.stream().noneMatch(e -> e.name().equals("log") && e.json().get("line").asString().equals("first line"))
                    || seen.stream().noneMatch(e -> e.name().equals("progress") && e.json().get("percentage").asDouble() == 50.0)) {
                Event event = stream.next();
                assertThat(event).as("the stream closed before the line and the progress came: " + seen).isNotNull();
                seen.add(event);
            }
            // Both came while the task was still running: nothing but the stream could have told of them.
            assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("running");

            api.post("/api/tasks/" + task + "/cancel", null);
            List<Event> rest = stream.until("end");

            assertThat(rest.getLast().json().get("status").asString()).isEqualTo("cancelled");
            assertThat(stream.next()).as("the stream closes after its end event").isNull();
        }
    }

    @Test
    void aStreamResumesAfterLastEventIdOrAfterAndEndsAtOnceForAnEndedTask() throws Exception {
        long task = run(spider("for n in 1 2 3 4 5; do echo line-$n; done", Map.of()));
        awaitStatus(task, "finished");
        List<Event> all;
        try (Stream stream = open("/api/tasks/" + task + "/events", Map.of())) {
            all = stream.until("end").stream().filter(e -> e.name().equals("log")).toList();
        }
        assertThat(all).extracting(e -> e.json().get("line").asString())
                .containsExactly("line-1", "line-2", "line-3", "line-4", "line-5");
        String second = all.get(1).id();

        List<String> resumed;
        try (Stream stream = open("/api/tasks/" + task + "/events", Map.of("Last-Event-ID", second))) {
            resumed = stream.until("end").stream().filter(e -> e.name().equals("log"))
                    .map(e -> e.json().get("line").asString()).toList();
        }
        List<String> after;
        try (Stream stream = open("/api/tasks/" + task + "/events?after=" + all.get(3).id(), Map.of())) {
            after = stream.until("end").stream().filter(e -> e.name().equals("log"))
                    .map(e -> e.json().get("line").asString()).toList();
        }

        assertThat(resumed).containsExactly("line-3", "line-4", "line-5");
        assertThat(after).containsExactly("line-5");
    }

    @Test
    void aSilentStreamSendsHeartbeatsAndClosesAfterItsMaximumDurationAndAReconnectResumes() throws Exception {
        long task = run(spider("echo only line; exec sleep 600", Map.of()));
        awaitStatus(task, "running");
        try {
            String lastId = null;
            int heartbeats = 0;
            try (Stream stream = open("/api/tasks/" + task + "/events", Map.of())) {
                for (Event event = stream.next(); event != null; event = stream.next()) {
                    if (event.name().equals(":") && event.data().equals("keep-alive")) {
                        heartbeats++;
                    }
                    if (event.name().equals("log")) {
                        lastId = event.id();
                    }
                    assertThat(event.name()).isNotEqualTo("end");
                }
            }
            // The server closed it (next() gave null) though the task still runs.
            assertThat(heartbeats).isGreaterThanOrEqualTo(2);
            assertThat(lastId).isNotNull();
            assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("running");
            try (Stream again = open("/api/tasks/" + task + "/events", Map.of("Last-Event-ID", lastId))) {
                api.post("/api/tasks/" + task + "/cancel", null);
                assertThat(again.until("end")).noneMatch(e -> e.name().equals("log"));
            }
        } finally {
            api.post("/api/tasks/" + task + "/cancel", null);
        }
    }

    @Test
    void badPositionsAre400AnUnknownTaskIs404AndNoTokenIs401() throws Exception {
        long task = run(spider("true", Map.of()));
        awaitStatus(task, "finished");

        try (Stream negative = open("/api/tasks/" + task + "/events?after=-1", Map.of());
                Stream word = open("/api/tasks/" + task + "/events", Map.of("Last-Event-ID", "abc"));
                Stream unknown = open("/api/tasks/999999999/events", Map.of())) {
            assertThat(negative.status).isEqualTo(400);
            assertThat(word.status).isEqualTo(400);
            assertThat(unknown.status).isEqualTo(404);
        }
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/tasks/" + task + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String viewer = tokens.create("stream-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/tasks/" + task + "/events"))
                .header("Authorization", "Bearer " + viewer).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("event:end");
    }
}
