package dev.crawlyard.store.logs;

import dev.crawlyard.store.CopyRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code task_logs} table. */
public class TaskLogStore {

    private static final String COPY = "COPY task_logs (task_id, attempt, seq, ts, stream, line) FROM STDIN";
    private static final String INSERT_MISSING = """
            INSERT INTO task_logs (task_id, attempt, seq, ts, stream, line)
            SELECT ?, ?, s.seq, to_timestamp(s.ms / 1000.0), s.stream, s.line
            FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS s (seq, ms, stream, line)
            ON CONFLICT (task_id, attempt, seq) DO NOTHING""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public TaskLogStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Stores a batch of lines. Lines already stored under the same (task, attempt, seq) are
     * skipped, so a batch written again after a failure is stored once: the batch goes in with
     * COPY, the fastest way into PostgreSQL, and if some of it was stored before, with an INSERT
     * that leaves out what is there.
     */
    public void append(long taskId, int attempt, List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        template.execute((Connection connection) -> {
            if (!copy(connection, taskId, attempt, lines)) {
                insertMissing(connection, taskId, attempt, lines);
            }
            return null;
        });
    }

    /** False if some of the lines are stored already, and nothing was. */
    private static boolean copy(Connection connection, long taskId, int attempt, List<LogLine> lines)
            throws SQLException {
        return CopyRows.copyUnlessStored(connection, COPY, rows -> {
            for (LogLine line : lines) {
                rows.number(taskId).number(attempt).number(line.seq()).timestamp(line.ts().toEpochMilli())
                        .text(line.stream().wireName()).text(storable(line.line())).endRow();
            }
        }) >= 0;
    }

    private static void insertMissing(Connection connection, long taskId, int attempt, List<LogLine> lines)
            throws SQLException {
        Long[] seqs = new Long[lines.size()];
        Long[] millis = new Long[lines.size()];
        String[] streams = new String[lines.size()];
        String[] texts = new String[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            LogLine line = lines.get(i);
            seqs[i] = line.seq();
            millis[i] = line.ts().toEpochMilli();
            streams[i] = line.stream().wireName();
            texts[i] = storable(line.line());
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MISSING)) {
            statement.setLong(1, taskId);
            statement.setInt(2, attempt);
            statement.setArray(3, connection.createArrayOf("bigint", seqs));
            statement.setArray(4, connection.createArrayOf("bigint", millis));
            statement.setArray(5, connection.createArrayOf("text", streams));
            statement.setArray(6, connection.createArrayOf("text", texts));
            statement.executeUpdate();
        }
    }

    /** PostgreSQL text cannot hold NUL; a spider printing one must not lose the line. */
    private static String storable(String text) {
        return text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : text;
    }

    /** Up to {@code limit} lines of any attempt after the line numbered {@code afterSeq}, in order. */
    public List<LogLine> page(long taskId, long afterSeq, int limit) {
        return page(taskId, null, afterSeq, limit);
    }

    /**
     * Up to {@code limit} lines of the task's attempt number {@code attempt} (null: of every attempt)
     * after the line numbered {@code afterSeq}, in order.
     */
    public List<LogLine> page(long taskId, Integer attempt, long afterSeq, int limit) {
        String ofAttempt = attempt == null ? "" : " AND attempt = " + attempt.intValue();
        return jdbc.sql("SELECT seq, ts, stream, line FROM task_logs WHERE task_id = :task" + ofAttempt
                        + " AND seq > :after ORDER BY seq LIMIT :limit")
                .param("task", taskId)
                .param("after", afterSeq)
                .param("limit", limit)
                .query(TaskLogStore::map)
                .list();
    }

    /**
     * The number of the last line stored for this run of the task, or if there is none, the number
     * before its first. Each run numbers its lines in a range of its own, from
     * {@code (attempt - 1) << 32}, so that a log reads across runs in order; the steps of one run
     * that write to the log one after another (the dependency install, then the spider) number
     * their lines after this, so that it reads in the order things happened.
     */
    public long lastSeq(long taskId, int attempt) {
        return jdbc.sql("SELECT COALESCE(MAX(seq), :base) FROM task_logs WHERE task_id = :task AND attempt = :attempt")
                .param("base", (long) (attempt - 1) << 32)
                .param("task", taskId)
                .param("attempt", attempt)
                .query(Long.class)
                .single();
    }

    /** How many lines the task has stored. */
    public long count(long taskId) {
        return jdbc.sql("SELECT count(*) FROM task_logs WHERE task_id = :task")
                .param("task", taskId)
                .query(Long.class)
                .single();
    }

    private static LogLine map(ResultSet rs, int row) throws SQLException {
        return new LogLine(
                rs.getLong("seq"),
                rs.getTimestamp("ts").toInstant(),
                LogStream.valueOf(rs.getString("stream").toUpperCase(Locale.ROOT)),
                rs.getString("line"));
    }
}
