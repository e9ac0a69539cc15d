package dev.crawlyard.collectors.database;

import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a source's rows over JDBC in batches, past the last successful run's high-water mark, and
 * prints them as items or upserts them by key into a target table, each batch in one transaction
 * with the sync's checkpoint. At the end of a run that got through, its new high-water mark is the
 * spider's state (saved by the platform only if the task ends finished) and its statistics the
 * task's result.
 */
public final class DatabaseCollector {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * How long a read from a PostgreSQL source or target waits for an answer, in PgJDBC's unit
     * (seconds), unless the URL sets its own {@code socketTimeout}: PgJDBC waits for ever by default,
     * and a database host that vanishes without closing the connection would hold the task for ever.
     */
    static final String POSTGRES_SOCKET_TIMEOUT_SECONDS = "600";

    /** What a run did: the task's result under {@code sync}. */
    public record Stats(long rowsRead, long rowsWritten, long rowsSkipped, long batches, Mark highWater,
            boolean resumed) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("rowsRead", rowsRead);
            map.put("rowsWritten", rowsWritten);
            map.put("rowsSkipped", rowsSkipped);
            map.put("batches", batches);
            map.put("highWater", highWater == null ? null : highWater.toMap());
            map.put("resumedFromCheckpoint", resumed);
            return map;
        }
    }

    /** Where the run's statistics go besides the log: the task's result, through the API. */
    public interface ResultSink {
        ResultSink NONE = stats -> { };

        void report(Map<String, Object> result) throws Exception;
    }

    private final DatabaseConfig config;
    private final Map<String, String> env;
    private final String syncKey;
    private final JsonNode state;
    private final IpcOut out;
    private final StopSignal stop;
    private final ResultSink result;
    private Stats stats = new Stats(0, 0, 0, 0, null, false);

    /**
     * @param syncKey names the sync's checkpoint in the target (the spider's id on the platform)
     * @param state   the spider's state, or null
     */
    public DatabaseCollector(DatabaseConfig config, Map<String, String> env, String syncKey, JsonNode state,
            IpcOut out, StopSignal stop, ResultSink result) {
        this.config = config;
        this.env = env;
        this.syncKey = syncKey;
        this.state = state;
        this.out = out;
        this.stop = stop;
        this.result = result;
    }

    public Stats stats() {
        return stats;
    }

    /** Runs the sync; returns the exit code. */
    public int run() {
        String missing = missingCredential();
        if (missing != null) {
            out.error("config", missing);
            return EXIT_CONFIG;
        }
        Mark saved = state == null ? null : Mark.of(state.get("highWater"));
        String base = saved == null ? "" : saved.toJson();
        try (Connection source = connect(config.source());
                SourceRows rows = new SourceRows(source, config)) {
            Connection targetConnection = config.target().isTable()
                    ? connect(config.target().connection() != null ? config.target().connection() : config.source())
                    : null;
            try (targetConnection;
                    TableWriter writer = targetConnection == null ? null : new TableWriter(targetConnection,
                            config.target().table(), config.target().checkpointTable(), syncKey, rows.columns(),
                            config.key(), rows.keyIndexes())) {
                Mark mark = saved;
                boolean resumed = false;
                if (writer != null && config.incremental() != null) {
                    TableWriter.Checkpoint checkpoint = writer.checkpoint();
                    // The target got further than the saved state in a run that did not finish: its rows
                    // up to the checkpoint are in, committed with it, so the sync goes on from there.
                    if (checkpoint != null && checkpoint.base().equals(base) && checkpoint.mark() != null) {
                        mark = checkpoint.mark();
                        resumed = true;
                        out.log("info", "resuming from the target's checkpoint " + mark.toJson()
                                + " (the run that wrote it did not finish)");
                    }
                }
                stats = new Stats(0, 0, 0, 0, mark, resumed);
                return copy(rows, writer, base, mark, resumed);
            }
        } catch (SourceRows.MissingColumn e) {
            out.error("config", e.getMessage());
            return EXIT_CONFIG;
        } catch (SQLException e) {
            out.error("database", redact("the sync failed after " + stats.batches() + " batches: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")));
            return EXIT_FAILED;
        }
    }

    private int copy(SourceRows rows, TableWriter writer, String base, Mark start, boolean resumed)
            throws SQLException {
        long read = 0;
        long written = 0;
        long skipped = 0;
        long batches = 0;
        Mark mark = start;
        String initial = config.incremental() == null ? null : config.initial();
        while (true) {
            if (stop.stopping()) {
                out.log("info", "sync cancelled after " + batches + " batches (" + read + " rows)");
                return 0;
            }
            List<SourceRows.Row> batch = rows.next(mark, initial);
            if (batch.isEmpty()) {
                break;
            }
            Mark last = batch.get(batch.size() - 1).mark();
            read += batch.size();
            if (writer != null) {
                int stored = writer.write(batch, base, last);
                written += stored;
                skipped += batch.size() - stored;
            } else {
                List<Map<String, Object>> items = new ArrayList<>(batch.size());
                for (SourceRows.Row row : batch) {
                    items.add(ItemValues.item(rows.columns(), row.values()));
                }
                out.items(items);
                written += items.size();
            }
            if (last != null) {
                mark = last;
            }
            batches++;
            stats = new Stats(read, written, skipped, batches, mark, resumed);
            out.progress("syncing", read, 0);
            if (out.broken()) {
                return EXIT_FAILED;
            }
        }
        stats = new Stats(read, written, skipped, batches, mark, resumed);
        if (writer != null && config.incremental() != null && mark != null) {
            writer.finish(mark);
        }
        out.log("info", "synced: " + read + " rows read, " + written + " written, " + skipped + " skipped, in "
                + batches + " batches; high-water mark " + (mark == null ? "none" : mark.toJson()));
        try {
            result.report(Map.of("sync", stats.toMap()));
        } catch (Exception e) {
            out.log("warning", "could not put the sync's statistics on the task: " + e.getMessage());
        }
        if (config.incremental() != null && mark != null) {
            out.state(Map.of("highWater", mark.toMap()));
        }
        return 0;
    }

    /** A connection to a source or target, as the config and the spider's environment say. */
    Connection connect(DatabaseConfig.Connection connection) throws SQLException {
        Properties properties = new Properties();
        if (connection.userEnv() != null) {
            properties.setProperty("user", env.get(connection.userEnv()));
        }
        if (connection.passwordEnv() != null) {
            properties.setProperty("password", env.get(connection.passwordEnv()));
        }
        properties.setProperty("ApplicationName", "crawlyard-database-collector");
        if (connection.url().startsWith("jdbc:postgresql:")) {
            // PgJDBC reads the URL's parameters over these: a socketTimeout there wins.
            properties.setProperty("socketTimeout", POSTGRES_SOCKET_TIMEOUT_SECONDS);
        }
        return DriverManager.getConnection(connection.url(), properties);
    }

    private String missingCredential() {
        for (String name : config.secretEnvNames()) {
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                return "the spider's environment has no " + name + " (the config names it for a database's"
                        + " credentials): set it in the spider's env";
            }
        }
        return null;
    }

    /** A database's message with the credentials blanked out, should a driver quote them. */
    private String redact(String text) {
        String out = text;
        for (String name : config.secretEnvNames()) {
            String value = env.get(name);
            if (value != null && value.length() >= 4) {
                out = out.replace(value, "***");
            }
        }
        return out;
    }
}
