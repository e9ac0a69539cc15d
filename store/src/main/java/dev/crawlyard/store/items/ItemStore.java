package dev.crawlyard.store.items;

import dev.crawlyard.store.CopyRows;
import dev.crawlyard.workflows.task.DedupMode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code items} table. Batches go in with COPY, the fastest way into PostgreSQL; a batch that
 * was (partly) stored before, or that carries dedup keys, goes in with INSERT ... ON CONFLICT, so
 * that a retried batch stores nothing twice.
 */
public class ItemStore {

    private static final String COPY = "COPY items (task_id, attempt, spider_id, seq, data) FROM STDIN";
    private static final String INSERT_IGNORING = """
            INSERT INTO items (task_id, attempt, spider_id, seq, dedup_key, data)
            SELECT ?, ?, ?, s.seq, s.dedup_key, s.data::jsonb
            FROM unnest(?::bigint[], ?::text[], ?::text[]) AS s (seq, dedup_key, data)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_OVERWRITING = """
            INSERT INTO items (task_id, attempt, spider_id, seq, dedup_key, data)
            SELECT ?, ?, ?, s.seq, s.dedup_key, s.data::jsonb
            FROM unnest(?::bigint[], ?::text[], ?::text[]) AS s (seq, dedup_key, data)
            ON CONFLICT (spider_id, dedup_key) WHERE dedup_key IS NOT NULL DO UPDATE
            SET task_id = excluded.task_id, attempt = excluded.attempt, seq = excluded.seq,
                data = excluded.data, created_at = now()
            WHERE (items.task_id, items.attempt, items.seq) IS DISTINCT FROM
                  (excluded.task_id, excluded.attempt, excluded.seq)""";

    /**
     * An item with a dedup key that an earlier attempt of the same task stored already is the same
     * item found again: it moves to the later attempt (with its new data), so that the task's last
     * attempt holds every item it found, instead of being dropped as another task's duplicate.
     */
    private static final String MOVE_TO_LATER_ATTEMPT = """
            UPDATE items i SET attempt = p.attempt, seq = s.seq, data = s.data::jsonb, created_at = now()
            FROM (SELECT ?::bigint AS task_id, ?::int AS attempt, ?::bigint AS spider_id) p,
                 unnest(?::bigint[], ?::text[], ?::text[]) AS s (seq, dedup_key, data)
            WHERE i.spider_id = p.spider_id AND i.dedup_key = s.dedup_key AND i.task_id = p.task_id
              AND i.attempt < p.attempt""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public ItemStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Stores a batch of one task attempt's items and returns how many rows it added (a dropped
     * duplicate or a row stored before adds none; an overwrite counts as added).
     */
    public int append(long taskId, int attempt, long spiderId, DedupMode mode, List<ItemRow> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<ItemRow> items = withoutDuplicateKeys(batch, mode);
        Integer added = template.execute((Connection connection) -> {
            boolean keyed = items.stream().anyMatch(item -> item.dedupKey() != null);
            if (!keyed) {
                Integer copied = copy(connection, taskId, attempt, spiderId, items);
                if (copied != null) {
                    return copied;
                }
            }
            if (keyed && mode == DedupMode.OVERWRITE) {
                List<ItemRow> withKey = items.stream().filter(i -> i.dedupKey() != null).toList();
                List<ItemRow> without = items.stream().filter(i -> i.dedupKey() == null).toList();
                return insert(connection, INSERT_OVERWRITING, taskId, attempt, spiderId, withKey)
                        + insert(connection, INSERT_IGNORING, taskId, attempt, spiderId, without);
            }
            int moved = attempt > 1
                    ? insert(connection, MOVE_TO_LATER_ATTEMPT, taskId, attempt, spiderId,
                            items.stream().filter(i -> i.dedupKey() != null).toList())
                    : 0;
            return moved + insert(connection, INSERT_IGNORING, taskId, attempt, spiderId, items);
        });
        return added == null ? 0 : added;
    }

    /** How many items the query selects. */
    public long count(ItemQuery query) {
        return jdbc.sql("SELECT count(*) FROM items WHERE " + query.where()).params(query.params())
                .query(Long.class).single();
    }

    /**
     * The batch with one item per dedup key: the last for {@code overwrite}, the first for
     * {@code ignore}, in their order. PostgreSQL refuses an INSERT ... ON CONFLICT DO UPDATE that
     * would update one row twice ("cannot affect row a second time", SQLSTATE 21000), so a spider
     * that saves one key twice in quick succession must not make a batch that can never be stored.
     */
    static List<ItemRow> withoutDuplicateKeys(List<ItemRow> items, DedupMode mode) {
        Set<String> seen = new HashSet<>();
        boolean duplicates = false;
        for (ItemRow item : items) {
            if (item.dedupKey() != null && !seen.add(item.dedupKey())) {
                duplicates = true;
                break;
            }
        }
        if (!duplicates) {
            return items;
        }
        seen.clear();
        List<ItemRow> kept = new ArrayList<>(items.size());
        if (mode == DedupMode.OVERWRITE) {
            for (int i = items.size() - 1; i >= 0; i--) {
                ItemRow item = items.get(i);
                if (item.dedupKey() == null || seen.add(item.dedupKey())) {
                    kept.add(item);
                }
            }
            Collections.reverse(kept);
        } else {
            for (ItemRow item : items) {
                if (item.dedupKey() == null || seen.add(item.dedupKey())) {
                    kept.add(item);
                }
            }
        }
        return kept;
    }

    /** How many items the task has, over all its attempts. */
    public long count(long taskId) {
        return jdbc.sql("SELECT count(*) FROM items WHERE task_id = :task").param("task", taskId)
                .query(Long.class).single();
    }

    /** How many items the spider has, over all its tasks and their attempts. */
    public long countForSpider(long spiderId) {
        return jdbc.sql("SELECT count(*) FROM items WHERE spider_id = :spider").param("spider", spiderId)
                .query(Long.class).single();
    }

    /** The sorted union of the top-level keys of the selected items: the columns of a CSV export. */
    public List<String> keys(ItemQuery query) {
        return jdbc.sql("SELECT DISTINCT jsonb_object_keys(data) AS k FROM items WHERE "
                        + query.where() + " AND jsonb_typeof(data) = 'object' ORDER BY k")
                .params(query.params())
                .query(String.class)
                .list();
    }

    /**
     * Streams the selected items' JSON, in order, to {@code sink} through a server-side cursor,
     * so that any number of items can be exported without holding them in memory.
     */
    public void stream(ItemQuery query, long offset, long limit, Consumer<String> sink) {
        String sql = "SELECT data::text FROM items WHERE " + query.where()
                + " ORDER BY task_id, attempt, seq" + (limit > 0 ? " LIMIT " + limit : "") + " OFFSET " + offset;
        template.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL only fetches in chunks inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(1000);
                List<Object> params = query.params();
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(rows.getString(1));
                    }
                }
                connection.commit();
                return null;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    /** Null if some of the items are stored already, and nothing was. */
    private static Integer copy(Connection connection, long taskId, int attempt, long spiderId, List<ItemRow> items)
            throws SQLException {
        long copied = CopyRows.copyUnlessStored(connection, COPY, rows -> {
            for (ItemRow item : items) {
                rows.number(taskId).number(attempt).number(spiderId).number(item.seq()).text(item.json()).endRow();
            }
        });
        return copied < 0 ? null : (int) copied;
    }

    private static int insert(Connection connection, String sql, long taskId, int attempt, long spiderId,
            List<ItemRow> items) throws SQLException {
        if (items.isEmpty()) {
            return 0;
        }
        List<Long> seqs = new ArrayList<>(items.size());
        List<String> keys = new ArrayList<>(items.size());
        List<String> data = new ArrayList<>(items.size());
        for (ItemRow item : items) {
            seqs.add(item.seq());
            keys.add(item.dedupKey());
            data.add(item.json());
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, taskId);
            statement.setInt(2, attempt);
            statement.setLong(3, spiderId);
            statement.setArray(4, connection.createArrayOf("bigint", seqs.toArray()));
            statement.setArray(5, connection.createArrayOf("text", keys.toArray()));
            statement.setArray(6, connection.createArrayOf("text", data.toArray()));
            return statement.executeUpdate();
        }
    }
}
