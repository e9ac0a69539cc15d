package dev.crawlyard.collectors.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The source's rows, a batch at a time. With an incremental column each batch is a keyset query
 * past the last row's (column, key) in that order, so that a run reads each row once whatever
 * happens between batches and the mark is exact even when many rows share a value; without one
 * the rows come from a single cursor, fetched a batch at a time.
 */
final class SourceRows implements AutoCloseable {

    /** One row: its values, and its mark (the incremental column and key as text) if incremental. */
    record Row(Object[] values, Mark mark) {
    }

    private final Connection connection;
    private final DatabaseConfig config;
    private final List<String> columns = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final String base;
    private int incrementalIndex = -1;
    private final int[] keyIndexes;
    private PreparedStatement cursor;
    private ResultSet open;

    SourceRows(Connection connection, DatabaseConfig config) throws SQLException {
        this.connection = connection;
        this.config = config;
        this.base = "SELECT * FROM (" + (config.query() != null ? stripSemicolon(config.query())
                : "SELECT * FROM " + config.table()) + ") crawlyard_src";
        try (PreparedStatement probe = connection.prepareStatement(base + " WHERE 1 = 0");
                ResultSet rs = probe.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
                types.add(meta.getColumnTypeName(i));
            }
        }
        if (config.incremental() != null) {
            incrementalIndex = indexOf(config.incremental(), "incremental.column");
        }
        keyIndexes = new int[config.key().size()];
        for (int i = 0; i < keyIndexes.length; i++) {
            keyIndexes[i] = indexOf(config.key().get(i), "key[" + i + "]");
        }
    }

    /** Thrown for a column the config names that the rows lack. */
    static final class MissingColumn extends RuntimeException {
        MissingColumn(String message) {
            super(message);
        }
    }

    List<String> columns() {
        return columns;
    }

    int[] keyIndexes() {
        return keyIndexes;
    }

    /** The next batch past {@code after} (null: from the start, or past {@code initial} alone); empty at the end. */
    List<Row> next(Mark after, String initial) throws SQLException {
        return config.incremental() == null ? nextFromCursor() : nextPast(after, initial);
    }

    private List<Row> nextPast(Mark after, String initial) throws SQLException {
        StringBuilder sql = new StringBuilder(base);
        List<String> binds = new ArrayList<>();
        String column = config.incremental();
        if (after != null && after.key().size() == keyIndexes.length && keyIndexes.length > 0) {
            sql.append(" WHERE (").append(column);
            config.key().forEach(k -> sql.append(", ").append(k));
            sql.append(") > (").append(cast(incrementalIndex));
            for (int index : keyIndexes) {
                sql.append(", ").append(cast(index));
            }
            sql.append(')');
            binds.add(after.value());
            binds.addAll(after.key());
        } else if (after != null || initial != null) {
            sql.append(" WHERE ").append(column).append(" > ").append(cast(incrementalIndex));
            binds.add(after != null ? after.value() : initial);
        } else {
            sql.append(" WHERE ").append(column).append(" IS NOT NULL");
        }
        sql.append(" ORDER BY ").append(column);
        config.key().forEach(k -> sql.append(", ").append(k));
        sql.append(" FETCH FIRST ").append(config.batchSize()).append(" ROWS ONLY");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < binds.size(); i++) {
                statement.setString(i + 1, binds.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<Row> rows = new ArrayList<>(config.batchSize());
                while (rs.next()) {
                    rows.add(row(rs, true));
                }
                return rows;
            }
        }
    }

    private List<Row> nextFromCursor() throws SQLException {
        if (cursor == null) {
            // PostgreSQL's driver streams a result only outside autocommit, with a fetch size.
            connection.setAutoCommit(false);
            String order = keyIndexes.length == 0 ? "" : " ORDER BY " + String.join(", ", config.key());
            cursor = connection.prepareStatement(base + order);
            cursor.setFetchSize(config.batchSize());
            open = cursor.executeQuery();
        }
        List<Row> rows = new ArrayList<>(config.batchSize());
        while (rows.size() < config.batchSize() && open.next()) {
            rows.add(row(open, false));
        }
        return rows;
    }

    private Row row(ResultSet rs, boolean marked) throws SQLException {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rs.getObject(i + 1);
        }
        Mark mark = null;
        if (marked) {
            List<String> key = new ArrayList<>(keyIndexes.length);
            for (int index : keyIndexes) {
                key.add(rs.getString(index + 1));
            }
            mark = new Mark(rs.getString(incrementalIndex + 1), key);
        }
        return new Row(values, mark);
    }

    /** A parameter cast to the column's own type, so that a mark kept as text compares as the column does. */
    private String cast(int index) {
        String type = types.get(index);
        return type == null || type.isBlank() || !type.matches("[A-Za-z0-9_ ]+") ? "?" : "CAST(? AS " + type + ")";
    }

    private int indexOf(String name, String path) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new MissingColumn(path + ": the rows have no column '" + name + "'; they have " + columns);
    }

    private static String stripSemicolon(String query) {
        String trimmed = query.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    @Override
    public void close() throws SQLException {
        if (open != null) {
            open.close();
        }
        if (cursor != null) {
            cursor.close();
        }
    }
}
