package dev.crawlyard.store.nodes;

import dev.crawlyard.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code nodes} table. */
public class NodeStore {

    private final JdbcClient jdbc;

    public NodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a node's start. A new node gets the given defaults; a known one keeps what was set
     * through the API (enabled, max runners, name, labels) and only has its host and times updated.
     */
    public NodeControl register(String key, String host, String name, Map<String, String> labels, int maxRunners) {
        return register(key, host, name, labels, maxRunners, null);
    }

    /**
     * The same, with the version of the container engine the node found, or null when it has none;
     * what the node finds at each start replaces what it found before.
     */
    public NodeControl register(String key, String host, String name, Map<String, String> labels, int maxRunners,
            String containerEngine) {
        return jdbc.sql("""
                        INSERT INTO nodes (node_key, name, host, labels, max_runners, container_engine)
                        VALUES (:key, :name, :host, :labels::jsonb, :max, :engine)
                        ON CONFLICT (node_key) DO UPDATE SET host = excluded.host, started_at = now(),
                            last_seen_at = now(), running = 0, container_engine = excluded.container_engine,
                            stopped_at = NULL
                        RETURNING enabled, max_runners""")
                .param("engine", containerEngine)
                .param("key", key)
                .param("name", name)
                .param("host", host)
                .param("labels", JsonColumns.write(labels))
                .param("max", maxRunners)
                .query((rs, row) -> new NodeControl(rs.getBoolean("enabled"), rs.getInt("max_runners")))
                .single();
    }

    /** A node's periodic report: one write, answered with what the node should do now. */
    public Optional<NodeControl> report(String key, int running) {
        return jdbc.sql("""
                        UPDATE nodes SET last_seen_at = now(), running = :running, stopped_at = NULL
                        WHERE node_key = :key
                        RETURNING enabled, max_runners""")
                .param("running", running)
                .param("key", key)
                .query((rs, row) -> new NodeControl(rs.getBoolean("enabled"), rs.getInt("max_runners")))
                .optional();
    }

    /**
     * Records that a node has stopped on purpose: until it registers or reports again, it is no
     * peer for {@link #peersAhead}, whatever its last report's age.
     */
    public void markStopped(String key) {
        jdbc.sql("UPDATE nodes SET stopped_at = now(), running = 0 WHERE node_key = :key").param("key", key).update();
    }

    /**
     * How many other nodes are ahead of this one for the next random claim, or empty if this node
     * has no peer: no other node reported within {@code window} (and has not stopped since), is
     * enabled and has runners. A peer is ahead when it has a runner free and fewer tasks under way
     * than {@code ownLoad} (preparing or running, by the tasks' own rows, so as fresh as the last
     * claim), or as many and an older last start (a node that never started one is the oldest).
     */
    public OptionalInt peersAhead(String key, int ownLoad, Duration window) {
        return jdbc.sql("""
                        SELECT count(*) AS peers,
                            count(*) FILTER (WHERE load < max_runners AND (load < :own OR (load = :own
                                AND COALESCE(last_start_at, '-infinity') < COALESCE(
                                    (SELECT last_start_at FROM nodes WHERE node_key = :key), '-infinity')))) AS ahead
                        FROM (
                            SELECT n.max_runners, n.last_start_at, (SELECT count(*) FROM tasks t
                                    WHERE t.node_key = n.node_key AND t.status IN ('preparing', 'running')) AS load
                            FROM nodes n
                            WHERE n.node_key <> :key AND n.enabled AND n.max_runners > 0
                              AND n.last_seen_at > now() - CAST(:window AS interval)
                              AND n.stopped_at IS NULL) peers""")
                .param("key", key)
                .param("own", ownLoad)
                .param("window", window.toMillis() + " milliseconds")
                .query((rs, row) -> rs.getInt("peers") == 0 ? OptionalInt.empty() : OptionalInt.of(rs.getInt("ahead")))
                .single();
    }

    public Optional<Node> find(String key) {
        return jdbc.sql("SELECT * FROM nodes WHERE node_key = :key").param("key", key).query(NodeStore::map).optional();
    }

    /** Every node, by key. */
    public List<Node> list() {
        return jdbc.sql("SELECT * FROM nodes ORDER BY node_key").query(NodeStore::map).list();
    }

    /**
     * The nodes that have not reported for {@code window} (by the database's clock) and have not
     * been announced offline since their last report, oldest report first.
     */
    public List<Node> offlineUnannounced(Duration window) {
        return jdbc.sql("""
                        SELECT * FROM nodes
                        WHERE last_seen_at < now() - CAST(:window AS interval)
                          AND offline_announced_for IS DISTINCT FROM last_seen_at
                        ORDER BY last_seen_at, node_key""")
                .param("window", window.toMillis() + " milliseconds")
                .query(NodeStore::map)
                .list();
    }

    /**
     * Records that the node was announced offline for its report at {@code lastSeenAt}; a node that
     * has reported since is left as it is (it came back, and is announced when it goes again).
     */
    public void announcedOffline(String key, Instant lastSeenAt) {
        jdbc.sql("UPDATE nodes SET offline_announced_for = last_seen_at WHERE node_key = :key AND last_seen_at = :seen")
                .param("key", key)
                .param("seen", Timestamp.from(lastSeenAt))
                .update();
    }

    /** Applies a change; empty if there is no such node. */
    public Optional<Node> change(String key, NodeChange change) {
        return jdbc.sql("""
                        UPDATE nodes SET
                            name = COALESCE(:name, name),
                            labels = COALESCE(CAST(:labels AS JSONB), labels),
                            enabled = COALESCE(:enabled, enabled),
                            max_runners = COALESCE(:max, max_runners)
                        WHERE node_key = :key
                        RETURNING *""")
                .param("name", change.name())
                .param("labels", change.labels() == null ? null : JsonColumns.write(change.labels()))
                .param("enabled", change.enabled())
                .param("max", change.maxRunners())
                .param("key", key)
                .query(NodeStore::map)
                .optional();
    }

    private static Node map(ResultSet rs, int row) throws SQLException {
        return new Node(rs.getString("node_key"), rs.getString("name"), rs.getString("host"),
                JsonColumns.readStringMap(rs.getString("labels")), rs.getBoolean("enabled"), rs.getInt("max_runners"),
                rs.getInt("running"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("last_seen_at").toInstant(), rs.getString("container_engine"));
    }
}
