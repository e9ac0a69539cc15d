package dev.crawlyard.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 9: the built-in collectors. The database collector's rows a second syncing a table into
 * another over JDBC (upsert by key, checkpoint per batch), as a platform task, beside a plain JDBC
 * copy of the same rows in this JVM (read with a cursor, batched inserts, the same batch size: the
 * ceiling); and the API collector's records a second from a local JSON API as a platform task
 * storing its items, beside a plain HTTP client fetching and parsing the same pages (the ceiling).
 */
final class CollectorsBench implements Scenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 1000;
    private static final int PAGE = 100;

    private final int rows;
    private final int records;

    CollectorsBench(int rows, int records) {
        this.rows = rows;
        this.records = records;
    }

    @Override
    public String name() {
        return "collectors";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        return List.of(database(platform), api(platform));
    }

    private Figure database(Platform platform) throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String user = "bench_" + suffix;
        String password = "pw-" + UUID.randomUUID();
        platform.jdbc().execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
        platform.jdbc().execute("CREATE DATABASE bench_" + suffix + " OWNER " + user);
        String base = platform.jdbcUrl();
        String url = base.substring(0, base.lastIndexOf('/') + 1) + "bench_" + suffix;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(12, 2),"
                    + " updated_at TIMESTAMPTZ NOT NULL)");
            s.execute("CREATE INDEX orders_by_update ON orders (updated_at, id)");
            s.execute("INSERT INTO orders SELECT g, 'order ' || g, g * 1.25, TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                    + " + (g / 3) * INTERVAL '1 second' FROM generate_series(1, " + rows + ") g");
            s.execute("CREATE TABLE orders_copy (LIKE orders INCLUDING ALL)");
            s.execute("CREATE TABLE orders_plain (LIKE orders INCLUDING ALL)");
            s.execute("ANALYZE orders");
        }
        String config = ("{\"source\": {\"url\": \"%s\", \"userEnv\": \"DB_USER\", \"passwordEnv\": \"DB_PASSWORD\"},"
                + " \"table\": \"orders\", \"incremental\": {\"column\": \"updated_at\"}, \"key\": [\"id\"],"
                + " \"batchSize\": %d, \"target\": {\"type\": \"table\", \"table\": \"orders_copy\"}}").formatted(url, BATCH);
        JsonNode created = platform.post("/api/spiders", JSON.writeValueAsString(Map.of("name", "bench-db-" + suffix,
                "type", "database", "config", JSON.readTree(config), "env", Map.of("DB_USER", user, "DB_PASSWORD",
                        password))));
        long taskId = platform.run(created.get("id").asLong());
        JsonNode task = platform.awaitEnd(taskId, Duration.ofMinutes(20));
        double seconds = taskSeconds(platform, taskId);
        long read = task.path("result").path("sync").path("rowsRead").asLong();

        long started = System.nanoTime();
        try (Connection source = DriverManager.getConnection(url, user, password);
                Connection target = DriverManager.getConnection(url, user, password)) {
            source.setAutoCommit(false);
            target.setAutoCommit(false);
            try (PreparedStatement select = source.prepareStatement("SELECT * FROM orders ORDER BY updated_at, id");
                    PreparedStatement insert = target.prepareStatement("INSERT INTO orders_plain VALUES (?, ?, ?, ?)")) {
                select.setFetchSize(BATCH);
                try (ResultSet rs = select.executeQuery()) {
                    int pending = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= 4; i++) {
                            insert.setObject(i, rs.getObject(i));
                        }
                        insert.addBatch();
                        if (++pending == BATCH) {
                            insert.executeBatch();
                            target.commit();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        insert.executeBatch();
                        target.commit();
                    }
                }
            }
        }
        double plainSeconds = (System.nanoTime() - started) / 1e9;
        platform.jdbc().execute("DROP DATABASE bench_" + suffix + " WITH (FORCE)");
        return new Figure(name(), "db rows/s", read / seconds, rows / plainSeconds, "",
                String.format(Locale.ROOT, "%d rows table to table in one database, batches of %d, task %s"
                        + " (%d rows read) over its started-to-finished time (JVM start-up included); the ceiling is a"
                        + " plain JDBC copy in the bench JVM: a cursor and batched inserts, no upsert, no checkpoint",
                        rows, BATCH, task.get("status").asString(), read));
    }

    private Figure api(Platform platform) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/orders", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            int page = query != null && query.startsWith("page=") ? Integer.parseInt(query.substring(5)) : 1;
            StringBuilder body = new StringBuilder("{\"data\": [");
            int from = (page - 1) * PAGE + 1;
            for (int id = from; id < from + PAGE && id <= records; id++) {
                if (id > from) {
                    body.append(',');
                }
                body.append("{\"id\": ").append(id).append(", \"name\": \"order ").append(id)
                        .append("\", \"amount\": {\"total\": ").append(id * 1.25).append(", \"currency\": \"EUR\"}}");
            }
            byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/orders";
            String config = ("{\"url\": \"%s\", \"records\": \"/data\", \"pagination\": {\"type\": \"page\", \"limit\": %d,"
                    + " \"maxPages\": 100000}}").formatted(url, PAGE);
            JsonNode created = platform.post("/api/spiders", JSON.writeValueAsString(Map.of("name",
                    "bench-api-" + UUID.randomUUID(), "type", "api", "config", JSON.readTree(config))));
            long taskId = platform.run(created.get("id").asLong());
            JsonNode task = platform.awaitEnd(taskId, Duration.ofMinutes(20));
            double seconds = taskSeconds(platform, taskId);
            long items = task.get("items").asLong();

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long started = System.nanoTime();
            long seen = 0;
            for (int page = 1; ; page++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "?page=" + page))
                        .build(), HttpResponse.BodyHandlers.ofString());
                int count = JSON.readTree(response.body()).path("data").size();
                seen += count;
                if (count < PAGE) {
                    break;
                }
            }
            double plainSeconds = (System.nanoTime() - started) / 1e9;
            return new Figure(name(), "api records/s", items / seconds, seen / plainSeconds, "",
                    String.format(Locale.ROOT, "%d records, %d a page, page-number paging, no auth or rate; task %s"
                            + " (%d items stored) over its started-to-finished time (JVM start-up included); the ceiling"
                            + " is a plain HttpClient in the bench JVM fetching and parsing the same pages, storing nothing",
                            records, PAGE, task.get("status").asString(), items));
        } finally {
            server.stop(0);
        }
    }

    private static double taskSeconds(Platform platform, long taskId) {
        return platform.jdbc().queryForObject(
                "SELECT extract(epoch FROM finished_at - started_at) FROM tasks WHERE id = ?", Double.class, taskId);
    }
}
