package dev.crawlyard.collectors.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The database collector against a real PostgreSQL: 100,000 rows, increments, a cancelled run resumed. */
class DatabaseCollectorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ROWS = 100_000;
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        sql("CREATE ROLE syncer LOGIN PASSWORD '" + PASSWORD + "' SUPERUSER");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void tables() throws SQLException {
        sql("DROP TABLE IF EXISTS orders, orders_copy, crawlyard_sync_checkpoints");
        sql("CREATE TABLE orders (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(12, 2), updated_at TIMESTAMPTZ NOT NULL)");
        sql("CREATE INDEX orders_by_update ON orders (updated_at, id)");
        sql("INSERT INTO orders SELECT g, 'order ' || g, g * 1.25, TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                + " + (g / 3) * INTERVAL '1 second' FROM generate_series(1, " + ROWS + ") g");
        sql("CREATE TABLE orders_copy (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(12, 2), updated_at TIMESTAMPTZ NOT NULL)");
    }

    /** What one run printed, and its statistics. */
    record Run(int exit, List<JsonNode> lines, DatabaseCollector.Stats stats) {
        JsonNode state() {
            return lines.stream().filter(l -> l.path("type").asString().equals("state")).reduce((a, b) -> b)
                    .map(l -> l.get("payload")).orElse(null);
        }

        List<JsonNode> items() {
            List<JsonNode> items = new ArrayList<>();
            lines.stream().filter(l -> l.path("type").asString().equals("data"))
                    .forEach(l -> l.path("payload").forEach(items::add));
            return items;
        }
    }

    private static String config(String target) {
        return ("{\"source\": {\"url\": \"%s\", \"userEnv\": \"DB_USER\", \"passwordEnv\": \"DB_PASSWORD\"},"
                + " \"table\": \"orders\", \"incremental\": {\"column\": \"updated_at\"}, \"key\": [\"id\"],"
                + " \"batchSize\": 1000, \"target\": %s}").formatted(jdbcUrl(), target);
    }

    private static final String TABLE = "{\"type\": \"table\", \"table\": \"orders_copy\"}";

    private static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    private Run run(String config, JsonNode state, int cancelAfterBatches) {
        StopSignal stop = new StopSignal();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream watched = new OutputStream() {
            private int progress;

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
                String text = new String(b, off, len, StandardCharsets.UTF_8);
                int at = text.indexOf("\"type\":\"progress\"");
                while (at >= 0) {
                    if (++progress == cancelAfterBatches) {
                        stop.cancel();
                    }
                    at = text.indexOf("\"type\":\"progress\"", at + 1);
                }
            }
        };
        DatabaseConfig parsed = DatabaseConfig.parse(config);
        assertThat(DatabaseConfigProblems.of(parsed)).isEmpty();
        DatabaseCollector collector = new DatabaseCollector(parsed, Map.of("DB_USER", "syncer", "DB_PASSWORD", PASSWORD),
                "spider:1", state, new IpcOut(watched), stop, DatabaseCollector.ResultSink.NONE);
        int exit = collector.run();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Run(exit, lines, collector.stats());
    }

    @Test
    void aFirstRunCopiesEveryRowIntoTheTargetAndTheNextMovesExactlyTheNewAndUpdatedOnes() throws Exception {
        Run first = run(config(TABLE), null, -1);

        assertThat(first.exit()).as(first.lines().toString()).isZero();
        assertThat(first.stats().rowsRead()).isEqualTo(ROWS);
        assertThat(first.stats().rowsWritten()).isEqualTo(ROWS);
        assertThat(first.stats().batches()).isEqualTo(ROWS / 1000);
        assertThat(differences()).isZero();
        JsonNode state = first.state();
        assertThat(state.path("highWater").path("key").get(0).asString()).isEqualTo(Integer.toString(ROWS));
        assertThat(first.lines().toString()).doesNotContain(PASSWORD);

        sql("INSERT INTO orders SELECT g, 'order ' || g, g * 1.25, TIMESTAMPTZ '2026-02-01 00:00:00+00'"
                + " + g * INTERVAL '1 millisecond' FROM generate_series(" + (ROWS + 1) + ", " + (ROWS + 1000) + ") g");
        sql("UPDATE orders SET name = 'changed', updated_at = TIMESTAMPTZ '2026-02-02 00:00:00+00' WHERE id % 100 = 7");
        // Each changed row differs both ways, each new row one way.
        assertThat(differences()).isEqualTo(1000 * 2 + 1000);

        Run second = run(config(TABLE), state, -1);

        assertThat(second.exit()).isZero();
        assertThat(second.stats().rowsRead()).isEqualTo(2000);
        assertThat(second.stats().rowsWritten()).isEqualTo(2000);
        assertThat(differences()).isZero();
        assertThat(count("SELECT count(*) FROM orders_copy")).isEqualTo(ROWS + 1000);
        assertThat(second.state().path("highWater").path("value").asString()).startsWith("2026-02-02 00:00:00");

        Run third = run(config(TABLE), second.state(), -1);
        assertThat(third.stats().rowsRead()).isZero();
    }

    @Test
    void aFirstRunGivesEveryRowAsAnItemWithItsColumns() {
        Run run = run(config("{\"type\": \"items\"}"), null, -1);

        assertThat(run.exit()).isZero();
        List<JsonNode> items = run.items();
        assertThat(items).hasSize(ROWS);
        Set<Long> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.get("id").asLong()));
        assertThat(ids).hasSize(ROWS);
        JsonNode seventh = items.get(6);
        assertThat(seventh.get("name").asString()).isEqualTo("order 7");
        assertThat(seventh.get("amount").decimalValue()).isEqualByComparingTo("8.75");
        assertThat(seventh.get("updated_at").asString()).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(run.state().path("highWater").path("key").get(0).asString()).isEqualTo(Integer.toString(ROWS));
    }

    @Test
    void aRunCancelledHalfWayAndRunAgainLeavesNoDuplicatesAndTheMarkRight() throws Exception {
        Run cancelled = run(config(TABLE), null, 50);

        assertThat(cancelled.exit()).isZero();
        assertThat(cancelled.state()).as("a cancelled run reports no state").isNull();
        long copied = count("SELECT count(*) FROM orders_copy");
        assertThat(copied).isBetween(50_000L, (long) ROWS - 1000);

        // The platform kept the state it had (none): the next run starts from it and finds the checkpoint.
        Run again = run(config(TABLE), null, -1);

        assertThat(again.exit()).isZero();
        assertThat(again.stats().resumed()).isTrue();
        assertThat(again.stats().rowsRead()).isEqualTo(ROWS - copied);
        assertThat(count("SELECT count(*) FROM orders_copy")).isEqualTo(ROWS);
        assertThat(differences()).isZero();
        assertThat(again.state().path("highWater").path("key").get(0).asString()).isEqualTo(Integer.toString(ROWS));

        // A reset state (none) after a run that got through starts from the beginning, not the checkpoint.
        sql("DELETE FROM orders_copy WHERE id <= 10");
        Run reset = run(config(TABLE), null, -1);
        assertThat(reset.stats().resumed()).isFalse();
        assertThat(reset.stats().rowsRead()).isEqualTo(ROWS);
        assertThat(differences()).isZero();
    }

    @Test
    void aMissingCredentialOrColumnIsAConfigErrorAndAFailedLoginNamesNoSecret() {
        DatabaseCollector noEnv = new DatabaseCollector(DatabaseConfig.parse(config(TABLE)), Map.of(), "s", null,
                new IpcOut(new ByteArrayOutputStream()), new StopSignal(), DatabaseCollector.ResultSink.NONE);
        assertThat(noEnv.run()).isEqualTo(DatabaseCollector.EXIT_CONFIG);

        Run badColumn = run(config(TABLE).replace("\"updated_at\"}", "\"changed_at\"}"), null, -1);
        assertThat(badColumn.exit()).isEqualTo(DatabaseCollector.EXIT_CONFIG);
        assertThat(badColumn.lines().toString()).contains("changed_at");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String wrong = "wrong-" + PASSWORD;
        int exit = new DatabaseCollector(DatabaseConfig.parse(config(TABLE)), Map.of("DB_USER", "nobody_" + wrong,
                "DB_PASSWORD", wrong), "s", null, new IpcOut(bytes), new StopSignal(),
                DatabaseCollector.ResultSink.NONE).run();
        assertThat(exit).isEqualTo(DatabaseCollector.EXIT_FAILED);
        // The embedded server may trust local connections; either way the login fails on the user.
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("SQLSTATE", "***").doesNotContain(wrong);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPostgresConnectionWaitsTenMinutesAtMostForAnAnswerUnlessItsUrlSaysOtherwise() throws SQLException {
        DatabaseCollector collector = new DatabaseCollector(DatabaseConfig.parse(config(TABLE)),
                Map.of("DB_USER", "syncer", "DB_PASSWORD", PASSWORD), "s", null, new IpcOut(new ByteArrayOutputStream()),
                new StopSignal(), DatabaseCollector.ResultSink.NONE);
        try (Connection bounded = collector.connect(new DatabaseConfig.Connection(jdbcUrl(), "DB_USER", "DB_PASSWORD"))) {
            assertThat(bounded.getNetworkTimeout()).isEqualTo(600_000);
        }
        try (Connection own = collector.connect(new DatabaseConfig.Connection(jdbcUrl() + "?socketTimeout=7",
                "DB_USER", "DB_PASSWORD"))) {
            assertThat(own.getNetworkTimeout()).isEqualTo(7_000);
        }
    }

    /** Rows in the source and the target that differ, either way. */
    private static long differences() throws SQLException {
        return count("SELECT count(*) FROM ((SELECT * FROM orders EXCEPT SELECT * FROM orders_copy)"
                + " UNION ALL (SELECT * FROM orders_copy EXCEPT SELECT * FROM orders)) d");
    }

    private static long count(String query) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
