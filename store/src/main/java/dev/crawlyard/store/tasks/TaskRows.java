package dev.crawlyard.store.tasks;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.containers.ContainerSpecs;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Reads the {@code tasks} table's rows: every column, with its nulls, into a {@link Task}. */
final class TaskRows {

    private TaskRows() {
    }

    /** A row of {@code tasks} (all columns) as a {@link Task}. */
    static Task map(ResultSet rs, int row) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        String kind = rs.getString("error_kind");
        return new Task(
                rs.getLong("id"),
                rs.getLong("spider_id"),
                TaskStatus.fromWireName(rs.getString("status")),
                rs.getString("command"),
                JsonColumns.readStringMap(rs.getString("params")),
                JsonColumns.readStringMap(rs.getString("env")),
                Duration.ofMillis(rs.getLong("runtime_limit_ms")),
                rs.getLong("memory_limit_bytes"),
                rs.getInt("max_attempts"),
                DispatchMode.fromWireName(rs.getString("dispatch_mode")),
                rs.getString("pinned_node"),
                rs.getBoolean("reassign"),
                rs.getObject("group_id", UUID.class),
                rs.getString("node_key"),
                exitCode,
                StopMode.valueOf(rs.getString("stop_mode").toUpperCase(Locale.ROOT)),
                kind == null ? null : ErrorKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                rs.getString("error_message"),
                new TaskProgress(
                        rs.getString("progress_stage"),
                        nullableLong(rs, "progress_current"),
                        nullableLong(rs, "progress_total"),
                        nullableDouble(rs, "progress_percentage"),
                        rs.getLong("items_count"),
                        rs.getLong("log_lines"),
                        rs.getLong("warnings"),
                        rs.getLong("errors_reported"),
                        rs.getString("last_error"),
                        instant(rs.getTimestamp("last_heartbeat_at"))),
                rs.getString("result"),
                instant(rs.getTimestamp("cancel_requested_at")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                nullableInt(rs, "spider_version"),
                syncOf(rs),
                nullableLong(rs, "schedule_id"),
                rs.getInt("attempt"),
                instant(rs.getTimestamp("data_deleted_at")),
                ContainerSpecs.read(rs.getString("container")));
    }

    private static FileSync syncOf(ResultSet rs) throws SQLException {
        Integer files = nullableInt(rs, "sync_files");
        if (files == null) {
            return null;
        }
        return new FileSync(files, rs.getLong("sync_bytes"), rs.getInt("files_transferred"),
                rs.getLong("bytes_transferred"), rs.getLong("sync_millis"));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
