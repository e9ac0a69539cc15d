package dev.crawlyard.api.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Database collector spiders through the platform: a source database of their own in the embedded
 * PostgreSQL (with its own role and password, as a spider's runner user reaches it over TCP),
 * synced into a target table and into items, then incrementally.
 */
class DatabaseCollectorApiTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ROWS = 100_000;

    @Autowired
    private DataSource platform;

    private String url;
    private String user;
    private String password;

    @BeforeEach
    void sourceDatabase() throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        user = "sync_" + suffix;
        password = "pw-" + UUID.randomUUID();
        try (Connection admin = platform.getConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE src_" + suffix + " OWNER " + user);
            String platformUrl = admin.getMetaData().getURL();
            url = platformUrl.substring(0, platformUrl.lastIndexOf('/') + 1) + "src_" + suffix;
        }
        sql("CREATE TABLE orders (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(12, 2), updated_at TIMESTAMPTZ NOT NULL)");
        sql("CREATE INDEX orders_by_update ON orders (updated_at, id)");
        sql("INSERT INTO orders SELECT g, 'order ' || g, g * 1.25, TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                + " + (g / 3) * INTERVAL '1 second' FROM generate_series(1, " + ROWS + ") g");
        sql("CREATE TABLE orders_copy (LIKE orders INCLUDING ALL)");
    }

    private String config(String target) {
        return ("{\"source\": {\"url\": \"%s\", \"userEnv\": \"DB_USER\", \"passwordEnv\": \"DB_PASSWORD\"},"
                + " \"table\": \"orders\", \"incremental\": {\"column\": \"updated_at\"}, \"key\": [\"id\"],"
                + " \"batchSize\": 2000, \"target\": %s}").formatted(url, target);
    }

    @Test
    void aSyncIntoATableCopiesEveryRowThenExactlyTheNewAndUpdatedOnesWithItsStatistics() throws Exception {
        long spider = register(config("{\"type\": \"table\", \"table\": \"orders_copy\"}"));

        JsonNode first = ended(run(spider));
        assertThat(first.get("status").asString()).as("%s; log %s", first, log(first)).isEqualTo("finished");
        JsonNode stats = first.get("result").get("sync");
        assertThat(stats.get("rowsRead").asLong()).isEqualTo(ROWS);
        assertThat(stats.get("rowsWritten").asLong()).isEqualTo(ROWS);
        assertThat(stats.get("rowsSkipped").asLong()).isZero();
        assertThat(stats.get("batches").asLong()).isEqualTo(ROWS / 2000);
        assertThat(differences()).isZero();
        JsonNode state = api.get("/api/spiders/" + spider + "/state").body().get("state");
        assertThat(state.get("highWater").get("key").get(0).asString()).isEqualTo(Integer.toString(ROWS));

        sql("INSERT INTO orders SELECT g, 'order ' || g, g, TIMESTAMPTZ '2026-02-01 00:00:00+00'"
                + " + g * INTERVAL '1 millisecond' FROM generate_series(" + (ROWS + 1) + ", " + (ROWS + 1000) + ") g");
        sql("UPDATE orders SET name = 'changed', updated_at = TIMESTAMPTZ '2026-02-02 00:00:00+00' WHERE id % 100 = 7");

        JsonNode second = ended(run(spider));
        assertThat(second.get("status").asString()).isEqualTo("finished");
        assertThat(second.get("result").get("sync").get("rowsRead").asLong()).isEqualTo(2000);
        assertThat(second.get("result").get("sync").get("rowsWritten").asLong()).isEqualTo(2000);
        assertThat(differences()).isZero();

        assertThat(api.get("/api/spiders/" + spider).body().get("env").get("DB_PASSWORD").asString())
                .isEqualTo("********");
        assertThat(api.get("/api/tasks/" + second.get("id").asLong()).body().toString()).doesNotContain(password);
        assertThat(String.join("\n", log(first))).doesNotContain(password);
    }

    @Test
    void aSyncIntoItemsGivesEveryRowOnce() throws Exception {
        long spider = register(config("{\"type\": \"items\"}"));

        JsonNode task = ended(run(spider));

        assertThat(task.get("status").asString()).as("%s; log %s", task, log(task)).isEqualTo("finished");
        assertThat(task.get("items").asLong()).isEqualTo(ROWS);
        JsonNode page = api.get("/api/tasks/" + task.get("id").asLong() + "/items?format=json&size=1").body();
        assertThat(page.get("total").asLong()).isEqualTo(ROWS);
        assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("order 1");
    }

    @Test
    void aConfigWithCredentialsInTheUrlOrWithoutQueryOrTableIsA400() {
        ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(Map.of("name", "db-" + UUID.randomUUID(),
                "type", "database", "config", JSON.readTree("{\"source\": {\"url\": \"" + url + "?password=x\"},"
                        + " \"target\": {\"type\": \"table\"}}"))));
        assertThat(reply.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        reply.body().get("fieldErrors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("config.target.table");
        ApiClient.Reply second = api.post("/api/spiders", ApiClient.json(Map.of("name", "db-" + UUID.randomUUID(),
                "type", "database", "config", JSON.readTree("{\"source\": {\"url\": \"" + url + "?password=x\"},"
                        + " \"target\": {\"type\": \"table\", \"table\": \"t\"}}"))));
        List<String> more = new ArrayList<>();
        second.body().get("fieldErrors").forEach(e -> more.add(e.get("field").asString()));
        assertThat(more).containsExactlyInAnyOrder("config.query", "config.key", "config.source.url");
        assertThat(api.get("/api/spider-types/database/schema").status()).isEqualTo(200);
    }

    private long register(String config) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "db-" + UUID.randomUUID());
        body.put("type", "database");
        body.put("config", JSON.readTree(config));
        body.put("env", Map.of("DB_USER", user, "DB_PASSWORD", password));
        ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(body));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private long differences() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ((SELECT * FROM orders EXCEPT SELECT * FROM"
                        + " orders_copy) UNION ALL (SELECT * FROM orders_copy EXCEPT SELECT * FROM orders)) d")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private JsonNode ended(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode task = api.get("/api/tasks/" + taskId).body();
            if (!List.of("pending", "preparing", "running").contains(task.get("status").asString())) {
                return task;
            }
            assertThat(System.nanoTime()).as("task %d did not end: %s", taskId, task).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private List<String> log(JsonNode task) {
        List<String> lines = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/logs?limit=1000").body().get("lines")
                .forEach(line -> lines.add(line.get("line").asString()));
        return lines;
    }
}
