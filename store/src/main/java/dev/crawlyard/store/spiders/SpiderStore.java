package dev.crawlyard.store.spiders;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
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
                        INSERT INTO spiders (name, description, command, files, env)
                        VALUES (:name, :description, :command, :files::jsonb, :env::jsonb)
                        RETURNING *""")
                .param("name", spider.name())
                .param("description", spider.description())
                .param("command", spider.command())
                .param("files", JsonColumns.write(spider.files()))
                .param("env", JsonColumns.write(spider.env()))
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
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
