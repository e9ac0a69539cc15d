package dev.crawlyard.store.crawl;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A spider's politeness state, shared by all its tasks: its token bucket (the generic cell rate
 * algorithm's theoretical arrival time) and each host's next free slot. {@link #lock} and
 * {@link #save} run inside the caller's transaction, so that reading, planning and storing the
 * slots is atomic across every task that asks at once.
 */
public class PolitenessStore {

    /**
     * The state as locked.
     *
     * @param nowMicros  the database's clock, in epoch micros (one clock for every node)
     * @param tatMicros  the bucket's theoretical arrival time, or 0 for a full bucket
     * @param hostMicros each host's next free slot; a host without one is free now
     */
    public record Slots(long nowMicros, long tatMicros, Map<String, Long> hostMicros) {
    }

    private final JdbcClient jdbc;

    public PolitenessStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the spider's bucket (if {@code rate}) and the hosts' slots for the transaction, in a fixed order. */
    public Slots lock(long spiderId, boolean rate, Collection<String> hosts) {
        long now = jdbc.sql("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
                .query(Long.class).single();
        long tat = 0;
        if (rate) {
            jdbc.sql("INSERT INTO crawl_rates (spider_id, tat) VALUES (:spider, to_timestamp(0)) ON CONFLICT DO NOTHING")
                    .param("spider", spiderId).update();
            tat = jdbc.sql("""
                            SELECT (extract(epoch FROM tat) * 1000000)::bigint FROM crawl_rates
                            WHERE spider_id = :spider FOR UPDATE""")
                    .param("spider", spiderId).query(Long.class).single();
        }
        Map<String, Long> slots = new HashMap<>();
        if (!hosts.isEmpty()) {
            List<String> sorted = List.copyOf(new TreeSet<>(hosts));
            jdbc.sql("""
                            INSERT INTO crawl_host_slots (spider_id, host, next_at)
                            SELECT :spider, h, to_timestamp(0) FROM unnest(CAST(:hosts AS text[])) AS h ORDER BY h
                            ON CONFLICT DO NOTHING""")
                    .param("spider", spiderId).param("hosts", sorted.toArray(String[]::new)).update();
            jdbc.sql("""
                            SELECT host, (extract(epoch FROM next_at) * 1000000)::bigint AS next FROM crawl_host_slots
                            WHERE spider_id = :spider AND host = ANY(CAST(:hosts AS text[])) ORDER BY host FOR UPDATE""")
                    .param("spider", spiderId).param("hosts", sorted.toArray(String[]::new))
                    .query((rs, row) -> slots.put(rs.getString("host"), rs.getLong("next")))
                    .list();
        }
        return new Slots(now, tat, slots);
    }

    /** Stores the bucket and the hosts' slots as planned (within the transaction that locked them). */
    public void save(long spiderId, Long tatMicros, Map<String, Long> hostMicros) {
        if (tatMicros != null) {
            jdbc.sql("UPDATE crawl_rates SET tat = to_timestamp(:tat / 1000000.0) WHERE spider_id = :spider")
                    .param("tat", tatMicros).param("spider", spiderId).update();
        }
        if (!hostMicros.isEmpty()) {
            List<String> hosts = List.copyOf(new TreeSet<>(hostMicros.keySet()));
            Long[] next = hosts.stream().map(hostMicros::get).toArray(Long[]::new);
            jdbc.sql("""
                            UPDATE crawl_host_slots s SET next_at = to_timestamp(n.next / 1000000.0)
                            FROM unnest(CAST(:hosts AS text[]), CAST(:next AS bigint[])) AS n (host, next)
                            WHERE s.spider_id = :spider AND s.host = n.host""")
                    .param("hosts", hosts.toArray(String[]::new)).param("next", next).param("spider", spiderId)
                    .update();
        }
    }
}
