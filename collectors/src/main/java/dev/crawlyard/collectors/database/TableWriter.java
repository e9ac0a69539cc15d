package dev.crawlyard.collectors.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Upserts batches into the target table by key (PostgreSQL's {@code INSERT ... ON CONFLICT}), each
 * batch in one transaction with the sync's checkpoint, so that the target never holds rows past its
 * checkpoint nor a checkpoint past its rows: a run stopped anywhere resumes exactly after its last
 * committed batch.
 */
final class TableWriter implements AutoCloseable {

    /** A checkpoint: the state's high-water mark the sync started from ({@code base}) and how far it got. */
    record Checkpoint(String base, Mark mark) {
    }

    private final Connection connection;
    private final String checkpointTable;
    private final String syncKey;
    private final PreparedStatement upsert;
    private final int[] keyIndexes;

    TableWriter(Connection connection, String table, String checkpointTable, String syncKey, List<String> columns,
            List<String> key, int[] keyIndexes) throws SQLException {
        this.connection = connection;
        this.checkpointTable = checkpointTable;
        this.syncKey = syncKey;
        this.keyIndexes = keyIndexes;
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + checkpointTable + " (sync_key TEXT PRIMARY KEY,"
                    + " base TEXT NOT NULL, mark TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
        connection.commit();
        List<String> updates = new ArrayList<>();
        for (String column : columns) {
            if (key.stream().noneMatch(k -> k.equalsIgnoreCase(column))) {
                updates.add(column + " = EXCLUDED." + column);
            }
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT ("
                + String.join(", ", key) + ") " + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET "
                + String.join(", ", updates));
        this.upsert = connection.prepareStatement(sql);
    }

    /** The sync's checkpoint, or null if it has none. */
    Checkpoint checkpoint() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT base, mark FROM " + checkpointTable + " WHERE sync_key = ?")) {
            select.setString(1, syncKey);
            try (ResultSet rs = select.executeQuery()) {
                Checkpoint found = rs.next() ? new Checkpoint(rs.getString(1), Mark.parse(rs.getString(2))) : null;
                connection.commit();
                return found;
            }
        }
    }

    /**
     * Upserts the rows (those with a null key are skipped: they could never be matched again) and,
     * with a mark, moves the checkpoint, in one transaction. Returns the rows written.
     */
    int write(List<SourceRows.Row> rows, String base, Mark mark) throws SQLException {
        int written = 0;
        try {
            for (SourceRows.Row row : rows) {
                if (hasNullKey(row)) {
                    continue;
                }
                for (int i = 0; i < row.values().length; i++) {
                    upsert.setObject(i + 1, row.values()[i]);
                }
                upsert.addBatch();
                written++;
            }
            if (written > 0) {
                upsert.executeBatch();
            }
            if (mark != null) {
                try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + checkpointTable
                        + " (sync_key, base, mark) VALUES (?, ?, ?) ON CONFLICT (sync_key) DO UPDATE SET"
                        + " base = EXCLUDED.base, mark = EXCLUDED.mark, updated_at = now()")) {
                    save.setString(1, syncKey);
                    save.setString(2, base);
                    save.setString(3, mark.toJson());
                    save.executeUpdate();
                }
            }
            connection.commit();
            return written;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Marks the checkpoint as reached by a run that got through: it continues from the state that run
     * leaves ({@code mark}), so a later run from that state resumes here, and one from another
     * state (a reset) does not.
     */
    void finish(Mark mark) throws SQLException {
        write(List.of(), mark.toJson(), mark);
    }

    private boolean hasNullKey(SourceRows.Row row) {
        for (int index : keyIndexes) {
            if (row.values()[index] == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws SQLException {
        upsert.close();
    }
}
