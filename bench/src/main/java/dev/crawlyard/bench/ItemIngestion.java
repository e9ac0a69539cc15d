package dev.crawlyard.bench;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 3: items per second from a spider printing one {@code data} line an item into
 * PostgreSQL, beside a raw COPY of the same rows into a table shaped like {@code items}.
 */
final class ItemIngestion implements Scenario {

    private static final String ITEM = "{\"n\": %d, \"title\": \"item %d\", \"url\": \"http://shop.test/items/%d\"}";

    private final int items;
    private boolean warmedUp;

    ItemIngestion(int items) {
        this.items = items;
    }

    @Override
    public String name() {
        return "item ingestion";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        String spider = """
                import sys
                write = sys.stdout.write
                line = '{"ipc": true, "type": "data", "payload": %s}\\n'
                for n in range(COUNT):
                    write(line % ('ITEM' % (n, n, n)))
                """.replace("COUNT", Integer.toString(items)).replace("ITEM", ITEM);
        long id = platform.spider("python3 items.py", Map.of("items.py", spider));
        if (!warmedUp) {
            // Once, unmeasured, so that the runs time the pipeline compiled rather than the JIT compiling it.
            platform.awaitEndQuietly(platform.run(id), Duration.ofMinutes(10));
            warmedUp = true;
        }
        JsonNode task = platform.awaitEndQuietly(platform.run(id), Duration.ofMinutes(10));
        double seconds = platform.jdbc().queryForObject(
                "SELECT extract(epoch FROM finished_at - started_at) FROM tasks WHERE id = ?", Double.class,
                task.get("id").asLong());
        long stored = task.get("items").asLong();
        // Where the window went: the first and the last batch's commit, and the task's end, after its start.
        String timeline = platform.jdbc().queryForObject("""
                SELECT format('first batch stored at +%s ms, last at +%s ms, task finished at +%s ms',
                    round(extract(epoch FROM min(i.created_at) - t.started_at) * 1000),
                    round(extract(epoch FROM max(i.created_at) - t.started_at) * 1000),
                    round(extract(epoch FROM t.finished_at - t.started_at) * 1000))
                FROM tasks t JOIN items i ON i.task_id = t.id WHERE t.id = ? GROUP BY t.id""", String.class,
                task.get("id").asLong());

        double ceilingSeconds = copyCeiling(platform.jdbc());
        return List.of(new Figure(name(), "items/s", stored / seconds, items / ceilingSeconds,
                ">= 60% of COPY and >= 100,000/s",
                items + " items, one data line each (" + stored + " stored), process start to task finished ("
                        + timeline + ");"
                        + " ceiling: COPY of the same rows from memory into a table like items"));
    }

    private double copyCeiling(JdbcTemplate jdbc) {
        jdbc.execute("DROP TABLE IF EXISTS bench_items_ceiling");
        jdbc.execute("CREATE TABLE bench_items_ceiling (LIKE items INCLUDING ALL)");
        StringBuilder rows = new StringBuilder(items * 96);
        for (int n = 0; n < items; n++) {
            rows.append("1\t1\t").append((long) n << 16).append("\t1\t").append(String.format(ITEM, n, n, n)).append('\n');
        }
        String data = rows.toString();
        try {
            Double seconds = jdbc.execute((Connection connection) -> {
                long start = System.nanoTime();
                try {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY bench_items_ceiling (task_id, attempt, seq, spider_id, data) FROM STDIN",
                            new StringReader(data));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return (System.nanoTime() - start) / 1e9;
            });
            return seconds == null ? Double.NaN : seconds;
        } finally {
            jdbc.execute("DROP TABLE IF EXISTS bench_items_ceiling");
        }
    }
}
