package dev.crawlyard.store.spiders;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.ManifestEntry;
import dev.crawlyard.store.files.ManifestJson;
import dev.crawlyard.store.files.VersionFiles;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.SpiderType;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code spiders} table, read with the manifest of each spider's current version. */
public class SpiderStore {

    /** A spider and the files of its current version. */
    private static final String SELECT = """
            SELECT s.*, v.manifest FROM spiders s
            LEFT JOIN spider_versions v ON v.spider_id = s.id AND v.version = s.current_version""";

    private final JdbcClient jdbc;
    private final BlobStore blobs;

    public SpiderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.blobs = new BlobStore(jdbc);
    }

    /**
     * Stores a new spider; its files, if it has any, become its version 1 and its current version.
     * The spider and its version are one statement, so there is never a spider whose files were lost.
     *
     * @throws org.springframework.dao.DuplicateKeyException if the name is taken
     * @throws IllegalArgumentException                      if a file path is not a safe relative path
     */
    public Spider create(NewSpider spider) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        spider.files().forEach((path, text) -> bodies.put(path, text.getBytes(StandardCharsets.UTF_8)));
        VersionFiles files = VersionFiles.of(bodies);
        blobs.storeAll(files.bodies());
        boolean hasFiles = files.fileCount() > 0;
        long id = jdbc.sql("""
                        WITH spider AS (
                            INSERT INTO spiders (name, description, command, env, runtime_limit_ms,
                                memory_limit_bytes, max_attempts, retry_backoff_ms, dedup_field, dedup_mode,
                                install_command, current_version, type, config)
                            VALUES (:name, :description, :command, :env::jsonb, :runtime,
                                :memory, :attempts, :backoff, :dedupField, :dedupMode, :install,
                                CASE WHEN :hasFiles THEN 1 END, :type, CAST(:config AS JSONB))
                            RETURNING id),
                        version AS (
                            INSERT INTO spider_versions (spider_id, version, manifest, total_bytes, file_count)
                            SELECT id, 1, :manifest::jsonb, :bytes, :count FROM spider WHERE :hasFiles)
                        SELECT id FROM spider""")
                .param("name", spider.name())
                .param("description", spider.description())
                .param("command", spider.command())
                .param("env", JsonColumns.write(spider.env()))
                .param("runtime", spider.settings().runtimeLimit().toMillis())
                .param("memory", spider.settings().memoryLimitBytes())
                .param("attempts", spider.settings().maxAttempts())
                .param("backoff", spider.settings().retryBackoff().toMillis())
                .param("dedupField", spider.settings().dedupField())
                .param("dedupMode", spider.settings().dedupMode().wireName())
                .param("install", spider.settings().installCommand())
                .param("hasFiles", hasFiles)
                .param("type", spider.type().wireName())
                .param("config", spider.config())
                .param("manifest", ManifestJson.write(files.manifest()))
                .param("bytes", files.totalBytes())
                .param("count", files.fileCount())
                .query(Long.class)
                .single();
        return find(id).orElseThrow();
    }

    public Optional<Spider> find(long id) {
        return jdbc.sql(SELECT + " WHERE s.id = :id").param("id", id).query(SpiderStore::map).optional();
    }

    public Optional<Spider> findByName(String name) {
        return jdbc.sql(SELECT + " WHERE s.name = :name").param("name", name).query(SpiderStore::map).optional();
    }

    /** Spiders by id, newest first. */
    public Page<Spider> list(int page, int size) {
        var items = jdbc.sql(SELECT + " ORDER BY s.id DESC LIMIT :size OFFSET :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(SpiderStore::map)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM spiders").query(Long.class).single();
        return new Page<>(items, page, size, total);
    }

    private static Spider map(ResultSet rs, int row) throws SQLException {
        int current = rs.getInt("current_version");
        Integer currentVersion = rs.wasNull() ? null : current;
        Map<String, ManifestEntry> files = ManifestJson.read(rs.getString("manifest"));
        return new Spider(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("command"),
                currentVersion,
                files,
                JsonColumns.readStringMap(rs.getString("env")),
                new RunSettings(
                        Duration.ofMillis(rs.getLong("runtime_limit_ms")),
                        rs.getLong("memory_limit_bytes"),
                        rs.getInt("max_attempts"),
                        Duration.ofMillis(rs.getLong("retry_backoff_ms")),
                        rs.getString("dedup_field"),
                        DedupMode.fromWireName(rs.getString("dedup_mode")),
                        rs.getString("install_command")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                SpiderType.fromWireName(rs.getString("type")),
                rs.getString("config"));
    }
}
