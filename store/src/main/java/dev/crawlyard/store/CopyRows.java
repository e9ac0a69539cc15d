package dev.crawlyard.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for a {@code COPY ... FROM STDIN}, written in COPY's text format and sent to PostgreSQL in
 * parts while they are being made, so that the server parses one part while the next is written.
 * Text is sent as UTF-8 with backslash, tab, newline and carriage return escaped; those bytes never
 * occur inside a multi-byte UTF-8 character, so the escaping can work on bytes.
 */
public final class CopyRows {

    private static final int PART = 64 * 1024;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** Writes a COPY's rows. */
    @FunctionalInterface
    public interface Writer {
        void write(CopyRows rows) throws SQLException;
    }

    private final CopyIn copy;
    private final byte[] part = new byte[PART];
    private int length;
    private boolean rowStarted;
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] cachedSecondText;

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /**
     * Runs {@code sql} (a {@code COPY ... FROM STDIN} in text format) with the rows {@code writer}
     * writes, and returns how many the server stored. On any failure the COPY is cancelled, so that
     * the connection can go on being used, and the server's error is thrown with its SQLSTATE.
     */
    public static long copy(Connection connection, String sql, Writer writer) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            CopyRows rows = new CopyRows(copy);
            writer.write(rows);
            rows.send();
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The server has given up on this COPY already; the first error is the one to see.
                }
            }
        }
    }

    /**
     * {@link #copy} in a transaction of its own, for rows keyed so that a batch written again is
     * stored once: if one of the rows is there already (a unique violation), nothing is stored and
     * this returns -1, so that the caller can store what is missing another way.
     */
    public static long copyUnlessStored(Connection connection, String sql, Writer writer) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long copied = copy(connection, sql, writer);
            connection.commit();
            return copied;
        } catch (SQLException e) {
            connection.rollback();
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return -1;
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The next field of the row: a number. */
    public CopyRows number(long value) throws SQLException {
        separate();
        ascii(Long.toString(value));
        return this;
    }

    /** The next field of the row: a timestamp with time zone, to the millisecond, in UTC. */
    public CopyRows timestamp(long epochMillis) throws SQLException {
        separate();
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedSecondText = SECOND.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
        }
        room(cachedSecondText.length + 7);
        System.arraycopy(cachedSecondText, 0, part, length, cachedSecondText.length);
        length += cachedSecondText.length;
        int millis = (int) Math.floorMod(epochMillis, 1000);
        part[length++] = '.';
        part[length++] = (byte) ('0' + millis / 100);
        part[length++] = (byte) ('0' + millis / 10 % 10);
        part[length++] = (byte) ('0' + millis % 10);
        part[length++] = '+';
        part[length++] = '0';
        part[length++] = '0';
        return this;
    }

    /** The next field of the row: text, escaped. PostgreSQL text cannot hold NUL: the caller replaces it. */
    public CopyRows text(String value) throws SQLException {
        separate();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (length + 2 > PART) {
                send();
            }
            switch (b) {
                case '\\' -> {
                    part[length++] = '\\';
                    part[length++] = '\\';
                }
                case '\t' -> {
                    part[length++] = '\\';
                    part[length++] = 't';
                }
                case '\n' -> {
                    part[length++] = '\\';
                    part[length++] = 'n';
                }
                case '\r' -> {
                    part[length++] = '\\';
                    part[length++] = 'r';
                }
                default -> part[length++] = b;
            }
        }
        return this;
    }

    /** Ends the row. */
    public void endRow() throws SQLException {
        room(1);
        part[length++] = '\n';
        rowStarted = false;
    }

    private void separate() throws SQLException {
        if (rowStarted) {
            room(1);
            part[length++] = '\t';
        }
        rowStarted = true;
    }

    private void ascii(String value) throws SQLException {
        room(value.length());
        for (int i = 0; i < value.length(); i++) {
            part[length++] = (byte) value.charAt(i);
        }
    }

    private void room(int bytes) throws SQLException {
        if (length + bytes > PART) {
            send();
        }
    }

    private void send() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(part, 0, length);
            length = 0;
        }
    }
}
