package dev.crawlyard.store.files;

import dev.crawlyard.store.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code spider_versions} table, and the blobs that versions are made of. */
public class SpiderVersionStore {

    /** Two uploads to one spider at once both pick the next number; the loser tries again. */
    private static final int NUMBERING_TRIES = 10;

    private final JdbcClient jdbc;
    private final BlobStore blobs;

    public SpiderVersionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.blobs = new BlobStore(jdbc);
    }

    /**
     * Stores the bodies the database lacks, then the version, numbered one past the spider's
     * latest. Bodies stored before a failure stay: they are content-addressed, so they are
     * correct, and the next upload of the same files finds them.
     *
     * @param makeCurrent whether runs that name no version use the new one from now on
     */
    public SpiderVersion create(long spiderId, VersionFiles files, boolean makeCurrent) {
        blobs.storeAll(files.bodies());
        String manifest = ManifestJson.write(files.manifest());
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.sql("""
                                WITH version AS (
                                    INSERT INTO spider_versions (spider_id, version, manifest, total_bytes, file_count)
                                    SELECT :spider, COALESCE(MAX(version), 0) + 1, :manifest::jsonb, :bytes, :count
                                    FROM spider_versions WHERE spider_id = :spider
                                    RETURNING spider_id, version, file_count, total_bytes, created_at),
                                current AS (
                                    UPDATE spiders SET current_version = version.version, updated_at = now()
                                    FROM version WHERE spiders.id = version.spider_id AND :makeCurrent)
                                SELECT * FROM version""")
                        .param("spider", spiderId)
                        .param("manifest", manifest)
                        .param("bytes", files.totalBytes())
                        .param("count", files.fileCount())
                        .param("makeCurrent", makeCurrent)
                        .query(SpiderVersionStore::map)
                        .single();
            } catch (DuplicateKeyException e) {
                if (attempt == NUMBERING_TRIES) {
                    throw e;
                }
            }
        }
    }

    public Optional<SpiderVersion> find(long spiderId, int version) {
        return jdbc.sql("""
                        SELECT spider_id, version, file_count, total_bytes, created_at FROM spider_versions
                        WHERE spider_id = :spider AND version = :version""")
                .param("spider", spiderId)
                .param("version", version)
                .query(SpiderVersionStore::map)
                .optional();
    }

    /** The version's files: relative path to hash and size, sorted by path. */
    public Optional<Map<String, ManifestEntry>> manifest(long spiderId, int version) {
        return jdbc.sql("SELECT manifest FROM spider_versions WHERE spider_id = :spider AND version = :version")
                .param("spider", spiderId)
                .param("version", version)
                .query(String.class)
                .optional()
                .map(ManifestJson::read);
    }

    /** The spider's versions, newest first. */
    public Page<SpiderVersion> list(long spiderId, int page, int size) {
        List<SpiderVersion> items = jdbc.sql("""
                        SELECT spider_id, version, file_count, total_bytes, created_at FROM spider_versions
                        WHERE spider_id = :spider ORDER BY version DESC LIMIT :size OFFSET :offset""")
                .param("spider", spiderId)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(SpiderVersionStore::map)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM spider_versions WHERE spider_id = :spider")
                .param("spider", spiderId)
                .query(Long.class)
                .single();
        return new Page<>(items, page, size, total);
    }

    /**
     * Makes {@code version} the one runs use when they name none.
     *
     * @return false if the spider has no such version
     */
    public boolean setCurrent(long spiderId, int version) {
        return jdbc.sql("""
                        UPDATE spiders SET current_version = :version, updated_at = now()
                        WHERE id = :spider
                          AND EXISTS (SELECT 1 FROM spider_versions WHERE spider_id = :spider AND version = :version)""")
                .param("spider", spiderId)
                .param("version", version)
                .update() == 1;
    }

    /** The body of one file, if it is stored. */
    public Optional<byte[]> body(String sha256) {
        return Optional.ofNullable(blobs.read(List.of(sha256)).get(sha256));
    }

    private static SpiderVersion map(ResultSet rs, int row) throws SQLException {
        return new SpiderVersion(rs.getLong("spider_id"), rs.getInt("version"), rs.getInt("file_count"),
                rs.getLong("total_bytes"), rs.getTimestamp("created_at").toInstant());
    }
}
