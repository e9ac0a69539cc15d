package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Real things for the security tests to aim at: a spider with two versions (the second current), a
 * finished task, a running one (whose spider printed its task token first thing), a schedule, a token,
 * a webhook subscription (to the quick spider's abnormal ends only, which do not happen, so it is never sent), the
 * in-process node. Every endpoint's path is filled in with them and every write gets a body that
 * would succeed, so that a request let through by mistake would change something {@link #snapshot} sees.
 */
final class SecurityFixture {

    static final String NODE = "in-process";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOUNDARY = "crawlyard-security-test";

    final long spider;
    final long quickSpider;
    final long finishedTask;
    final long liveTask;
    final String liveTaskToken;
    final long schedule;
    final long victimToken;
    final long webhook;

    private SecurityFixture(long spider, long quickSpider, long finishedTask, long liveTask, String liveTaskToken,
            long schedule, long victimToken, long webhook) {
        this.spider = spider;
        this.quickSpider = quickSpider;
        this.finishedTask = finishedTask;
        this.liveTask = liveTask;
        this.liveTaskToken = liveTaskToken;
        this.schedule = schedule;
        this.victimToken = victimToken;
        this.webhook = webhook;
    }

    static SecurityFixture create(ApiClient admin, TokenStore tokens) throws InterruptedException {
        String name = "sleeper-" + UUID.randomUUID();
        long spider = created(admin.post("/api/spiders", ApiClient.json(Map.of("name", name,
                "command", "echo \"$CRAWLYARD_TASK_TOKEN\"; exec sleep 600", "files", Map.of("main.sh", "echo one")))));
        assertThat(admin.postMultipart("/api/spiders/" + spider + "/versions",
                List.of(ApiClient.Part.file("main.sh", "echo two"))).status()).isEqualTo(201);
        // It leaves a file in its output directory, so that its finished task has an artifact to read.
        long quick = created(admin.post("/api/spiders", ApiClient.json(Map.of("name", "quick-" + UUID.randomUUID(),
                "command", "echo one > \"$CRAWLYARD_OUTPUT_DIR/main.sh\""))));
        long finished = accepted(admin.post("/api/spiders/" + quick + "/run", null));
        await(admin, finished, "finished");
        long live = accepted(admin.post("/api/spiders/" + spider + "/run", null));
        await(admin, live, "running");
        String taskToken = firstLogLine(admin, live);
        long schedule = created(admin.post("/api/schedules", ApiClient.json(Map.of("spider", Long.toString(spider),
                "cron", "0 0 1 1 *", "timeZone", "UTC"))));
        long victim = tokens.create("victim-" + UUID.randomUUID(), TokenRole.VIEWER, null).token().id();
        long webhook = created(admin.post("/api/webhooks", ApiClient.json(webhookRequest(quick))));
        return new SecurityFixture(spider, quick, finished, live, taskToken, schedule, victim, webhook);
    }

    /**
     * A subscription that would be made: to a spider's abnormal ends, at a port nothing listens on. Not to
     * a schedule's, since the operator's sweep deletes the fixture's schedule before it makes a subscription.
     */
    private static Map<String, Object> webhookRequest(long spider) {
        return Map.of("url", "http://127.0.0.1:9/never/secret-path?token=hook-secret", "events", List.of("task.abnormal"), "spider",
                Long.toString(spider));
    }

    /** Ends the running task, so that it holds no runner after the tests. */
    void close(ApiClient admin) {
        admin.post("/api/tasks/" + liveTask + "/cancel", null);
    }

    /** The endpoint's path with its variables filled in with the fixture's things. */
    String path(Endpoint endpoint) {
        String pattern = endpoint.pattern();
        // A live task's event stream lasts as long as the task: aim it at the finished one, whose stream
        // ends at once. Artifacts are kept when a run ends: the finished task has one (main.sh), the live one none yet.
        String id = pattern.equals("/api/tasks/{id}/events") || pattern.startsWith("/api/tasks/{id}/artifacts")
                ? Long.toString(finishedTask)
                : pattern.startsWith("/api/tasks/") ? Long.toString(liveTask)
                : pattern.startsWith("/api/schedules/") ? Long.toString(schedule)
                : pattern.startsWith("/api/tokens/") ? Long.toString(victimToken)
                : pattern.startsWith("/api/webhooks/") ? Long.toString(webhook) : null;
        String path = pattern.replace("{ref}", Long.toString(spider))
                .replace("{version}", "1")
                .replace("{*path}", "main.sh")
                .replace("{key}", NODE)
                .replace("{type}", "crawler")
                .replace("{delivery}", "999999999");
        if (id != null) {
            path = path.replace("{id}", id);
        }
        if (path.contains("{")) {
            throw new AssertionError("no sample value for a variable of " + endpoint + ": add one in SecurityFixture");
        }
        return path;
    }

    /** The query an endpoint needs to answer at all (empty for most), to put after {@link #path}. */
    String query(Endpoint endpoint) {
        return endpoint.pattern().equals("/api/schedules/next-fire-times") ? "?cron=0+3+*+*+*" : "";
    }

    /** A request body for the endpoint that it would accept, and its content type; empty for none. */
    Body body(Endpoint endpoint) {
        Object json = switch (endpoint.toString()) {
            case "POST /api/spiders" -> Map.of("name", "bypass-" + UUID.randomUUID(), "command", "touch /tmp/pwned");
            case "PUT /api/spiders/{ref}/current-version" -> Map.of("version", 1);
            case "POST /api/spiders/{ref}/run" -> Map.of("params", Map.of("bypass", "yes"));
            case "POST /api/schedules" -> Map.of("spider", Long.toString(spider), "cron", "0 0 1 1 *", "timeZone", "UTC");
            case "PUT /api/schedules/{id}" -> Map.of("spider", Long.toString(spider), "cron", "0 0 2 1 *", "timeZone", "UTC");
            case "POST /api/schedules/{id}/pause" -> Map.of("note", "bypass");
            case "POST /api/schedules/{id}/backfill" -> Map.of("from", "2020-01-01T00:00:00Z", "to", "2020-01-02T00:00:00Z");
            case "PATCH /api/nodes/{key}" -> Map.of("maxRunners", 7, "name", "bypassed");
            case "POST /api/tokens" -> Map.of("name", "bypass", "role", "admin");
            case "POST /api/webhooks" -> webhookRequest(quickSpider);
            case "POST /api/v1/monitoring/heartbeat" -> Map.of("execution_id", liveTask, "status", "bypassed", "progress", 99);
            case "POST /api/v1/monitoring/completion" -> Map.of("execution_id", liveTask, "status", "bypassed",
                    "result_data", Map.of("bypass", true), "error_message", "bypassed");
            case "POST /api/spiders/{ref}/versions" -> null;
            default -> endpoint.method().equals("GET") || endpoint.method().equals("DELETE") ? null : Map.of();
        };
        if (endpoint.toString().equals("POST /api/spiders/{ref}/versions")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"main.sh\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\necho bypass\r\n--" + BOUNDARY + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new Body("multipart/form-data; boundary=" + BOUNDARY, body.toByteArray());
        }
        return json == null ? Body.NONE : new Body("application/json", ApiClient.json(json).getBytes(StandardCharsets.UTF_8));
    }

    /** A request body and its content type. */
    record Body(String contentType, byte[] bytes) {

        static final Body NONE = new Body(null, new byte[0]);
    }

    /**
     * What a request let through by mistake would change: the fixture's spiders, their versions and
     * tasks (status, cancel, reported progress and result), every spider and schedule (counts), the
     * fixture's schedule, the tokens (count, revoked), the node's switches, the webhook subscriptions
     * (count, the fixture's) and the fixture's deliveries (count, statuses).
     */
    String snapshot(JdbcClient jdbc) {
        Map<String, Object> ids = Map.of("spiders", List.of(spider, quickSpider), "schedule", schedule, "node", NODE,
                "webhook", webhook);
        StringBuilder state = new StringBuilder();
        for (String query : List.of(
                "SELECT count(*)::text FROM spiders",
                "SELECT string_agg(s::text, '|' ORDER BY id) FROM spiders s WHERE id IN (:spiders)",
                "SELECT string_agg(spider_id || '/' || version, ',' ORDER BY spider_id, version) FROM spider_versions"
                        + " WHERE spider_id IN (:spiders)",
                "SELECT string_agg(concat_ws(':', id, status, cancel_requested_at, result, progress_stage,"
                        + " progress_percentage, last_error), ',' ORDER BY id) FROM tasks WHERE spider_id IN (:spiders)",
                "SELECT count(*)::text FROM schedules",
                "SELECT s::text FROM schedules s WHERE id = :schedule",
                "SELECT count(*) || ' tokens, ' || count(revoked_at) || ' revoked' FROM api_tokens",
                "SELECT concat_ws(':', name, enabled, max_runners, labels) FROM nodes WHERE node_key = :node",
                "SELECT count(*)::text FROM webhook_subscriptions",
                "SELECT concat_ws(':', url, events, enabled, disabled_reason) FROM webhook_subscriptions WHERE id = :webhook",
                "SELECT count(*) || ' deliveries: ' || coalesce(string_agg(status, ',' ORDER BY id), '')"
                        + " FROM webhook_deliveries WHERE subscription_id = :webhook")) {
            var statement = jdbc.sql(query);
            for (var entry : ids.entrySet()) {
                if (query.contains(":" + entry.getKey())) {
                    statement = statement.param(entry.getKey(), entry.getValue());
                }
            }
            state.append(statement.query(String.class).optional().orElse("none")).append('\n');
        }
        return state.toString();
    }

    private static long created(ApiClient.Reply reply) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private static long accepted(ApiClient.Reply reply) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        return reply.body().get("id").asLong();
    }

    private static void await(ApiClient admin, long task, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!admin.get("/api/tasks/" + task).body().get("status").asString().equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + task + " did not reach " + status);
            }
            Thread.sleep(25);
        }
    }

    private static String firstLogLine(ApiClient admin, long task) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode lines = admin.get("/api/tasks/" + task + "/logs").body().get("lines");
            if (!lines.isEmpty()) {
                return lines.get(0).get("line").asString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + task + " printed nothing");
            }
            Thread.sleep(25);
        }
    }
}
