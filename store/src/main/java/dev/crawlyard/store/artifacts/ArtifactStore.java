package dev.crawlyard.store.artifacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code task_artifacts} table; the bodies are in {@code blobs}. */
public class ArtifactStore {

    private final JdbcClient jdbc;

    public ArtifactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a kept file, whose body must be stored already, or a refused one ({@code sha256}
     * null, {@code refused} saying why). A run's record written again (a retried activity) keeps
     * the first, so that it is recorded once.
     */
    public void record(long taskId, int attempt, String path, long size, String sha256, String refused) {
        jdbc.sql("""
                        INSERT INTO task_artifacts (task_id, attempt, path, size, sha256, refused)
                        VALUES (:task, :attempt, :path, :size, :sha256, :refused)
                        ON CONFLICT (task_id, attempt, path) DO NOTHING""")
                .param("task", taskId)
                .param("attempt", attempt)
                .param("path", path)
                .param("size", size)
                .param("sha256", sha256)
                .param("refused", refused)
                .update();
    }

    /** A task's artifacts, by attempt and path. */
    public List<Artifact> list(long taskId) {
        return jdbc.sql("SELECT * FROM task_artifacts WHERE task_id = :task ORDER BY attempt, path")
                .param("task", taskId)
                .query(ArtifactStore::map)
                .list();
    }

    /** The artifact at {@code path} of this attempt, or of the task's latest attempt that has one when null. */
    public Optional<Artifact> find(long taskId, Integer attempt, String path) {
        return jdbc.sql("""
                        SELECT * FROM task_artifacts WHERE task_id = :task AND path = :path
                            AND (CAST(:attempt AS INTEGER) IS NULL OR attempt = :attempt)
                        ORDER BY attempt DESC LIMIT 1""")
                .param("task", taskId)
                .param("path", path)
                .param("attempt", attempt)
                .query(ArtifactStore::map)
                .optional();
    }

    private static Artifact map(ResultSet rs, int row) throws SQLException {
        return new Artifact(rs.getLong("task_id"), rs.getInt("attempt"), rs.getString("path"), rs.getLong("size"),
                rs.getString("sha256"), rs.getString("refused"), rs.getTimestamp("created_at").toInstant());
    }
}
