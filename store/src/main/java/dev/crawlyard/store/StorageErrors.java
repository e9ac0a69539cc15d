package dev.crawlyard.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * What a failed write to PostgreSQL means for the writer, read from the SQLSTATE of the failure
 * (PostgreSQL's error codes, appendix A of its manual) rather than from Spring's translation of it,
 * which files for instance "ON CONFLICT DO UPDATE command cannot affect row a second time" (21000)
 * under bad SQL grammar.
 */
public final class StorageErrors {

    /** How a writer should treat a failure. */
    public enum Kind {
        /**
         * The database or the way to it is in trouble (connection lost or refused, server shutting
         * down, serialization failure, deadlock, lock or statement timeout, out of resources): the
         * same write is expected to succeed later, so it is retried with back-off.
         */
        TRANSIENT,
        /**
         * The database refused the data itself (a cardinality violation such as one key twice in a
         * batch, a value it cannot hold such as NUL in text, a constraint, a row past a size limit):
         * the same rows fail however often they are written, so they must be split or dropped.
         */
        REFUSED,
        /** Anything else (a missing table, a permission, an internal error): not expected to pass by itself. */
        OTHER
    }

    private StorageErrors() {
    }

    /** The kind of {@code failure}, looking through its causes for an SQLSTATE or a connection problem. */
    public static Kind classify(Throwable failure) {
        boolean connectionTrouble = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && !sql.getSQLState().isBlank()) {
                return ofSqlState(sql.getSQLState());
            }
            connectionTrouble |= cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof IOException;
        }
        return connectionTrouble ? Kind.TRANSIENT : Kind.OTHER;
    }

    /** The kind of a PostgreSQL SQLSTATE. */
    public static Kind ofSqlState(String sqlState) {
        String errorClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
        return switch (errorClass) {
            // 08 connection exception, 40 transaction rollback (40001 serialization, 40P01 deadlock),
            // 53 insufficient resources, 57 operator intervention (57P01 admin shutdown, 57014 query
            // cancelled by a statement timeout), 58 system error (I/O).
            case "08", "40", "53", "57", "58" -> Kind.TRANSIENT;
            // 55P03 lock not available; the rest of class 55 (object in use) is not about the data.
            case "55" -> "55P03".equals(sqlState) ? Kind.TRANSIENT : Kind.OTHER;
            // 21 cardinality violation, 22 data exception (22021 bad encoding, 22P05 NUL in jsonb),
            // 23 integrity constraint violation, 54 program limit exceeded (a row or value too large).
            case "21", "22", "23", "54" -> Kind.REFUSED;
            default -> Kind.OTHER;
        };
    }

    /** The most specific message of {@code failure}, for logs and task messages. */
    public static String describe(Throwable failure) {
        Throwable deepest = failure;
        String state = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            deepest = cause;
            if (cause instanceof SQLException sql && sql.getSQLState() != null && state == null) {
                state = sql.getSQLState();
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }
}
