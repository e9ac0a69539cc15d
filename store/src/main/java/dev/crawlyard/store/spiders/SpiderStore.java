package dev.crawlyard.store.spiders;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.containers.ContainerSpecs;
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
                                install_command, current_version, type, config, container)
                            VALUES (:name, :description, :command, :env::jsonb, :runtime,
                                :memory, :attempts, :backoff, :dedupField, :dedupMode, :install,
                                CASE WHEN :hasFiles THEN 1 END, :type, CAST(:config AS JSONB),
                                CAST(:container AS JSONB))
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
                .param("container", ContainerSpecs.write(spider.container()))
                .param("manifest", ManifestJson.write(files.manifest()))
                .param("bytes", files.totalBytes())
                .param("count", files.fileCount())
                .query(Long.class)
                .single();
        return find(id).orElseThrow();
    }

    /**
     * Replaces a spider's name, description, command, env, run settings and config (not its type nor
     * its files: those are versions). Tasks made from now on use the new values; tasks made before
     * carry their own copy.
     *
     * @return the spider as it is now, or empty if there is no such spider
     * @throws org.springframework.dao.DuplicateKeyException if the new name is taken
     */
    public Optional<Spider> update(long id, NewSpider spider) {
        int updated = jdbc.sql("""
                        UPDATE spiders SET name = :name, description = :description, command = :command,
                            env = :env::jsonb, runtime_limit_ms = :runtime, memory_limit_bytes = :memory,
                            max_attempts = :attempts, retry_backoff_ms = :backoff, dedup_field = :dedupField,
                            dedup_mode = :dedupMode, install_command = :install, config = CAST(:config AS JSONB),
                            updated_at = now()
                        WHERE id = :id""")
                .param("id", id)
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
                .param("config", spider.config())
                .update();
        return updated == 0 ? Optional.empty() : find(id);
    }

    /**
     * Deletes a spider that has no live task (pending, preparing or running), with its versions and
     * schedule rows; with {@code deleteData} also its tasks, their attempts, logs and items, and its
     * crawls' frontiers and politeness state. One statement, so that it happens whole or not at all.
     * File bodies stay: they are shared by content with other spiders' versions.
     *
     * @return whether the spider was deleted (false: there is none, or it has a live task)
     */
    public boolean delete(long id, boolean deleteData) {
        return jdbc.sql("""
                        WITH gone AS (
                            DELETE FROM spiders WHERE id = :id AND NOT EXISTS (SELECT 1 FROM tasks
                                WHERE spider_id = :id AND status IN ('pending', 'preparing', 'running'))
                            RETURNING id),
                        gone_tasks AS (
                            DELETE FROM tasks WHERE :data AND spider_id IN (SELECT id FROM gone) RETURNING id),
                        gone_logs AS (
                            DELETE FROM task_logs WHERE task_id IN (SELECT id FROM gone_tasks)),
                        gone_items AS (
                            DELETE FROM items WHERE :data AND spider_id IN (SELECT id FROM gone)),
                        gone_frontiers AS (
                            DELETE FROM crawl_frontiers WHERE :data AND spider_id IN (SELECT id FROM gone)),
                        gone_rates AS (
                            DELETE FROM crawl_rates WHERE spider_id IN (SELECT id FROM gone)),
                        gone_slots AS (
                            DELETE FROM crawl_host_slots WHERE spider_id IN (SELECT id FROM gone))
                        SELECT count(*) FROM gone""")
                .param("id", id)
                .param("data", deleteData)
                .query(Long.class)
                .single() > 0;
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
                rs.getString("config"),
                ContainerSpecs.read(rs.getString("container")));
    }
}
