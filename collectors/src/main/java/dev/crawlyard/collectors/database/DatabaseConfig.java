package dev.crawlyard.collectors.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database collector spider's config, as its JSON Schema ({@link #SCHEMA_RESOURCE}) describes
 * it, with its defaults. It holds no secret: the source's and target's credentials are read from the
 * spider's environment variables it names.
 *
 * @param source      where the rows are read
 * @param query       the rows as a query, or null for {@code table}
 * @param table       the rows as a whole table, or null for {@code query}
 * @param incremental the column past whose last value each run reads, or null to read every row
 * @param initial     the incremental column's value to start from when there is no state, or null
 * @param key         the columns that identify a row: the target's upsert key, and the tie-break of the incremental order
 * @param batchSize   rows read, and written, at a time
 * @param target      where the rows go
 */
public record DatabaseConfig(Connection source, String query, String table, String incremental, String initial,
        List<String> key, int batchSize, Target target) {

    /** The class path resource holding the config's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/crawlyard/collectors/database/database.schema.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A JDBC URL and the environment variables with its user name and password (either may be null). */
    public record Connection(String url, String userEnv, String passwordEnv) {
    }

    /**
     * Where the rows go: {@code items}, or upserted by {@code key} into {@code table} (in the source's
     * database when {@code connection} is null), with the run's checkpoint in {@code checkpointTable}.
     */
    public record Target(String type, Connection connection, String table, String checkpointTable) {
        public boolean isTable() {
            return type.equals("table");
        }
    }

    public static String schema() {
        try (InputStream in = DatabaseConfig.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DatabaseConfig parse(String json) {
        return of(JSON.readTree(json));
    }

    /** The config from JSON the schema has accepted, with its defaults. */
    public static DatabaseConfig of(JsonNode node) {
        JsonNode i = node.path("incremental");
        List<String> key = new ArrayList<>();
        node.path("key").forEach(column -> key.add(column.asString()));
        JsonNode t = node.path("target");
        String type = t.path("type").asString("items");
        Target target = new Target(type, t.has("url") ? connection(t) : null, text(t, "table"),
                t.path("checkpointTable").asString("crawlyard_sync_checkpoints"));
        return new DatabaseConfig(connection(node.path("source")), text(node, "query"), text(node, "table"),
                i.isObject() ? text(i, "column") : null,
                i.isObject() && i.has("initial") ? i.get("initial").asString() : null, List.copyOf(key),
                node.path("batchSize").asInt(1000), target);
    }

    /** The environment variables that hold this config's secrets. */
    public List<String> secretEnvNames() {
        List<String> names = new ArrayList<>();
        for (Connection c : new Connection[] {source, target.connection()}) {
            if (c != null) {
                if (c.userEnv() != null) {
                    names.add(c.userEnv());
                }
                if (c.passwordEnv() != null) {
                    names.add(c.passwordEnv());
                }
            }
        }
        return names;
    }

    private static Connection connection(JsonNode node) {
        return new Connection(node.path("url").asString(), text(node, "userEnv"), text(node, "passwordEnv"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
