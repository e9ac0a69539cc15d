package dev.crawlyard.store.spiders;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import dev.crawlyard.workflows.task.DedupMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code spiders} table. */
public class SpiderStore {

    private final JdbcClient jdbc;

    public SpiderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new spider.
     *
     * @throws org.springframework.dao.DuplicateKeyException if the name is taken
     */
    public Spider create(NewSpider spider) {
        return jdbc.sql("""
                        INSERT INTO spiders (name, description, command, files, env, runtime_limit_ms,
                            memory_limit_bytes, max_attempts, retry_backoff_ms, dedup_field, dedup_mode)
                        VALUES (:name, :description, :command, :files::jsonb, :env::jsonb, :runtime,
                            :memory, :attempts, :backoff, :dedupField, :dedupMode)
                        RETURNING *""")
                .param("name", spider.name())
                .param("description", spider.description())
                .param("command", spider.command())
                .param("files", JsonColumns.write(spider.files()))
                .param("env", JsonColumns.write(spider.env()))
                .param("runtime", spider.settings().runtimeLimit().toMillis())
                .param("memory", spider.settings().memoryLimitBytes())
                .param("attempts", spider.settings().maxAttempts())
                .param("backoff", spider.settings().retryBackoff().toMillis())
                .param("dedupField", spider.settings().dedupField())
                .param("dedupMode", spider.settings().dedupMode().wireName())
                .query(SpiderStore::map)
                .single();
    }

    public Optional<Spider> find(long id) {
        return jdbc.sql("SELECT * FROM spiders WHERE id = :id").param("id", id).query(SpiderStore::map).optional();
    }

    public Optional<Spider> findByName(String name) {
        return jdbc.sql("SELECT * FROM spiders WHERE name = :name").param("name", name).query(SpiderStore::map)
                .optional();
    }

    /** Spiders by id, newest first. */
    public Page<Spider> list(int page, int size) {
        var items = jdbc.sql("SELECT * FROM spiders ORDER BY id DESC LIMIT :size OFFSET :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(SpiderStore::map)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM spiders").query(Long.class).single();
        return new Page<>(items, page, size, total);
    }

    private static Spider map(ResultSet rs, int row) throws SQLException {
        return new Spider(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("command"),
                JsonColumns.readStringMap(rs.getString("files")),
                JsonColumns.readStringMap(rs.getString("env")),
                new RunSettings(
                        Duration.ofMillis(rs.getLong("runtime_limit_ms")),
                        rs.getLong("memory_limit_bytes"),
                        rs.getInt("max_attempts"),
                        Duration.ofMillis(rs.getLong("retry_backoff_ms")),
                        rs.getString("dedup_field"),
                        DedupMode.fromWireName(rs.getString("dedup_mode"))),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
