package dev.crawlyard.store.crawl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A crawl's frontier in PostgreSQL, shared by the tasks of one run: one row per URL it has seen
 * (keyed by the SHA-256 of the normalised URL), leased in batches with {@code FOR UPDATE SKIP
 * LOCKED}. An attempt that stops calling in is resolved when its lease runs out, or at once when
 * a later attempt of its task opens the crawl: its leased URLs go back to the queue, and a page it
 * reported is kept only if its item reached the {@code items} table, so that a lost node loses no
 * item and doubles none.
 */
public class FrontierStore {

    private static final String REQUEUE = """
            state = 'queued', holder_task = NULL, holder_attempt = NULL, outcome = NULL, status_code = NULL,
            bytes = NULL, fetch_millis = NULL, retries = NULL, items = NULL, item_url = NULL
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public FrontierStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Opens the crawl {@code crawlKey} for an attempt: makes the frontier with its start URLs if it
     * is new, counts the attempt in, and resolves the task's earlier attempts (their node is gone,
     * or they ended; either way, only what they stored is kept).
     */
    public CrawlHolder open(String crawlKey, long spiderId, int maxPages, long taskId, int attempt,
            List<String> startUrls, Duration lease) {
        return transactions.execute(status -> {
            jdbc.sql("""
                            INSERT INTO crawl_frontiers (crawl_key, spider_id, max_pages) VALUES (:key, :spider, :max)
                            ON CONFLICT (crawl_key) DO NOTHING""")
                    .param("key", crawlKey).param("spider", spiderId).param("max", maxPages).update();
            long frontier = jdbc.sql("SELECT id FROM crawl_frontiers WHERE crawl_key = :key")
                    .param("key", crawlKey).query(Long.class).single();
            insert(frontier, taskId, startUrls.stream().map(url -> new FoundUrl(url, 0, "queued")).toList());
            jdbc.sql("""
                            INSERT INTO crawl_holders (frontier_id, task_id, attempt, expires_at)
                            VALUES (:frontier, :task, :attempt, now() + make_interval(secs => :lease))
                            ON CONFLICT (frontier_id, task_id, attempt) DO UPDATE
                            SET expires_at = excluded.expires_at, ended_at = NULL, resolved_at = NULL""")
                    .param("frontier", frontier).param("task", taskId).param("attempt", attempt)
                    .param("lease", lease.toMillis() / 1000.0).update();
            List<Integer> earlier = jdbc.sql("""
                            SELECT attempt FROM crawl_holders WHERE frontier_id = :frontier AND task_id = :task
                            AND attempt < :attempt AND resolved_at IS NULL ORDER BY attempt FOR UPDATE""")
                    .param("frontier", frontier).param("task", taskId).param("attempt", attempt)
                    .query(Integer.class).list();
            for (int previous : earlier) {
                resolve(new CrawlHolder(frontier, taskId, previous));
            }
            return new CrawlHolder(frontier, taskId, attempt);
        });
    }

    /**
     * Records the attempt's reports and the URLs it found; returns the reported URLs it no longer
     * holds (their items must not be stored).
     *
     * @throws LeaseLostException if the attempt's lease has run out or it has ended
     */
    public Set<String> report(CrawlHolder holder, List<PageReport> pages, List<FoundUrl> found, Duration lease) {
        return transactions.execute(status -> {
            renew(holder, lease);
            Set<String> refused = new HashSet<>();
            if (!pages.isEmpty()) {
                Set<String> accepted = new HashSet<>(jdbc.sql("""
                                UPDATE crawl_urls u SET state = CASE WHEN r.item_url IS NULL THEN 'done' ELSE 'fetched' END,
                                    outcome = r.outcome, status_code = r.status, bytes = r.bytes, fetch_millis = r.millis,
                                    retries = r.retries, items = CASE WHEN r.item_url IS NULL THEN 0 ELSE 1 END,
                                    item_url = r.item_url
                                FROM unnest(CAST(:urls AS text[]), CAST(:outcomes AS text[]), CAST(:statuses AS int[]),
                                            CAST(:bytes AS bigint[]), CAST(:millis AS bigint[]), CAST(:retries AS int[]),
                                            CAST(:items AS text[]))
                                     AS r (url, outcome, status, bytes, millis, retries, item_url)
                                WHERE u.frontier_id = :frontier AND u.fp = sha256(convert_to(r.url, 'UTF8'))
                                  AND u.state = 'leased' AND u.holder_task = :task AND u.holder_attempt = :attempt
                                RETURNING u.url""")
                        .param("urls", pages.stream().map(PageReport::url).toArray(String[]::new))
                        .param("outcomes", pages.stream().map(PageReport::outcome).toArray(String[]::new))
                        .param("statuses", pages.stream().map(PageReport::status).toArray(Integer[]::new))
                        .param("bytes", pages.stream().map(PageReport::bytes).toArray(Long[]::new))
                        .param("millis", pages.stream().map(PageReport::millis).toArray(Long[]::new))
                        .param("retries", pages.stream().map(PageReport::retries).toArray(Integer[]::new))
                        .param("items", pages.stream().map(PageReport::itemUrl).toArray(String[]::new))
                        .param("frontier", holder.frontierId()).param("task", holder.taskId())
                        .param("attempt", holder.attempt())
                        .query(String.class).list());
                for (PageReport page : pages) {
                    if (!accepted.contains(page.url())) {
                        refused.add(page.url());
                    }
                }
            }
            insert(holder.frontierId(), holder.taskId(), found);
            return refused;
        });
    }

    /**
     * Leases up to {@code want} queued URLs to the attempt, breadth first, within the page limit,
     * after resolving attempts whose lease ran out. {@code pacing} is given the candidates' URLs
     * (up to four times {@code want}, so that a host held back by its delay does not hold back the
     * others) and how many may be leased, and answers each one's delay, or -1 to leave it queued;
     * it takes a slot for no more candidates than may be leased (a slot taken for a candidate that
     * stays queued would be lost to the spider's rate). It runs in the same transaction, so it may
     * lock and store politeness state.
     */
    public List<LeasedUrl> lease(CrawlHolder holder, int want, boolean paced, Duration lease,
            BiFunction<List<String>, Integer, long[]> pacing) {
        return transactions.execute(status -> {
            renew(holder, lease);
            resolveExpired(holder.frontierId());
            if (want <= 0) {
                return List.<LeasedUrl>of();
            }
            record Frontier(int maxPages, int taken) {
            }
            Frontier frontier = jdbc.sql("SELECT max_pages, taken FROM crawl_frontiers WHERE id = :id FOR UPDATE")
                    .param("id", holder.frontierId())
                    .query((rs, row) -> new Frontier(rs.getInt("max_pages"), rs.getInt("taken"))).single();
            int room = Math.min(want, frontier.maxPages() - frontier.taken());
            if (room <= 0) {
                return List.<LeasedUrl>of();
            }
            record Candidate(byte[] fp, String url, int depth) {
            }
            List<Candidate> candidates = jdbc.sql("""
                            SELECT fp, url, depth FROM crawl_urls WHERE frontier_id = :frontier AND state = 'queued'
                            ORDER BY depth, seq LIMIT :limit FOR UPDATE SKIP LOCKED""")
                    .param("frontier", holder.frontierId()).param("limit", paced ? room * 4 : room)
                    .query((rs, row) -> new Candidate(rs.getBytes("fp"), rs.getString("url"), rs.getInt("depth")))
                    .list();
            long[] delays = paced ? pacing.apply(candidates.stream().map(Candidate::url).toList(), room)
                    : new long[candidates.size()];
            List<LeasedUrl> leased = new ArrayList<>();
            List<byte[]> fps = new ArrayList<>();
            for (int i = 0; i < candidates.size() && leased.size() < room; i++) {
                if (delays[i] >= 0) {
                    leased.add(new LeasedUrl(candidates.get(i).url(), candidates.get(i).depth(), delays[i]));
                    fps.add(candidates.get(i).fp());
                }
            }
            if (!leased.isEmpty()) {
                jdbc.sql("""
                                UPDATE crawl_urls SET state = 'leased', holder_task = :task, holder_attempt = :attempt
                                WHERE frontier_id = :frontier AND fp = ANY(CAST(:fps AS bytea[]))""")
                        .param("task", holder.taskId()).param("attempt", holder.attempt())
                        .param("frontier", holder.frontierId()).param("fps", fps.toArray(byte[][]::new)).update();
                jdbc.sql("UPDATE crawl_frontiers SET taken = taken + :n WHERE id = :id")
                        .param("n", leased.size()).param("id", holder.frontierId()).update();
            }
            return leased;
        });
    }

    /** Whether the crawl is over, and, if {@code counts}, how far it has come. */
    public CrawlProgress progress(long frontierId, boolean counts) {
        boolean open = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM crawl_urls WHERE frontier_id = :f AND state = 'leased')
                            OR (EXISTS (SELECT 1 FROM crawl_urls WHERE frontier_id = :f AND state = 'queued')
                                AND (SELECT taken < max_pages FROM crawl_frontiers WHERE id = :f))""")
                .param("f", frontierId).query(Boolean.class).single();
        if (!counts) {
            return new CrawlProgress(!open, null, null);
        }
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE state IN ('fetched', 'done') AND outcome IS NOT NULL) AS done,
                               count(*) FILTER (WHERE state = 'queued') AS queued, f.taken, f.max_pages
                        FROM crawl_frontiers f LEFT JOIN crawl_urls u ON u.frontier_id = f.id
                        WHERE f.id = :f GROUP BY f.taken, f.max_pages""")
                .param("f", frontierId)
                .query((rs, row) -> new CrawlProgress(!open, rs.getLong("done"),
                        Math.min(rs.getLong("max_pages"), rs.getLong("taken") + rs.getLong("queued"))))
                .single();
    }

    /** Ends the attempt's part: what it leased and did not report goes back to the queue. */
    public void finish(CrawlHolder holder) {
        transactions.executeWithoutResult(status -> {
            int back = jdbc.sql("UPDATE crawl_urls SET " + REQUEUE + """
                             WHERE frontier_id = :f AND holder_task = :t AND holder_attempt = :a AND state = 'leased'""")
                    .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
            giveBack(holder.frontierId(), back);
            jdbc.sql("""
                            UPDATE crawl_holders SET ended_at = now()
                            WHERE frontier_id = :f AND task_id = :t AND attempt = :a AND ended_at IS NULL""")
                    .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
        });
    }

    /** What the task's attempts fetched for the crawl. */
    public CrawlStats stats(long taskId) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE status_code > 0) AS fetched,
                               count(*) FILTER (WHERE status_code BETWEEN 200 AND 299) AS s2,
                               count(*) FILTER (WHERE status_code BETWEEN 300 AND 399) AS s3,
                               count(*) FILTER (WHERE status_code BETWEEN 400 AND 499) AS s4,
                               count(*) FILTER (WHERE status_code >= 500) AS s5,
                               count(*) FILTER (WHERE outcome = 'network_error') AS network,
                               count(*) FILTER (WHERE outcome = 'too_large') AS large,
                               count(*) FILTER (WHERE state = 'denied' OR outcome = 'denied') AS denied,
                               coalesce(sum(bytes), 0) AS bytes,
                               count(*) FILTER (WHERE item_url IS NOT NULL) AS items,
                               coalesce(sum(retries), 0) AS retries,
                               coalesce(avg(fetch_millis) FILTER (WHERE status_code > 0), 0) AS mean,
                               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY fetch_millis)
                                        FILTER (WHERE status_code > 0), 0) AS p95
                        FROM crawl_urls WHERE holder_task = :task AND state IN ('fetched', 'done', 'denied')""")
                .param("task", taskId)
                .query((rs, row) -> new CrawlStats(rs.getLong("fetched"), rs.getLong("s2"), rs.getLong("s3"),
                        rs.getLong("s4"), rs.getLong("s5"), rs.getLong("network"), rs.getLong("large"),
                        rs.getLong("denied"), rs.getLong("bytes"), rs.getLong("items"), rs.getLong("retries"),
                        rs.getDouble("mean"), rs.getDouble("p95")))
                .single();
    }

    /** The crawl the key names, if it has begun. */
    public java.util.Optional<Long> find(String crawlKey) {
        return jdbc.sql("SELECT id FROM crawl_frontiers WHERE crawl_key = :key").param("key", crawlKey)
                .query(Long.class).optional();
    }

    private void renew(CrawlHolder holder, Duration lease) {
        int renewed = jdbc.sql("""
                        UPDATE crawl_holders SET expires_at = now() + make_interval(secs => :lease)
                        WHERE frontier_id = :f AND task_id = :t AND attempt = :a
                          AND ended_at IS NULL AND resolved_at IS NULL""")
                .param("lease", lease.toMillis() / 1000.0)
                .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
        if (renewed == 0) {
            throw new LeaseLostException("attempt " + holder.attempt() + " of task " + holder.taskId()
                    + " no longer holds a lease on the crawl (it ran out, the attempt ended, or a later one took over)");
        }
    }

    private void resolveExpired(long frontierId) {
        List<CrawlHolder> expired = jdbc.sql("""
                        SELECT task_id, attempt FROM crawl_holders WHERE frontier_id = :f AND ended_at IS NULL
                          AND resolved_at IS NULL AND expires_at < now() FOR UPDATE SKIP LOCKED""")
                .param("f", frontierId)
                .query((rs, row) -> new CrawlHolder(frontierId, rs.getLong("task_id"), rs.getInt("attempt")))
                .list();
        expired.forEach(this::resolve);
    }

    /**
     * Settles what an attempt that is gone held: its leased URLs go back to the queue; a page it
     * reported with an item stays done if the item is in the items table, and goes back to the
     * queue if not (its node died before storing it).
     */
    private void resolve(CrawlHolder holder) {
        jdbc.sql("""
                        UPDATE crawl_urls u SET state = 'done'
                        FROM (SELECT DISTINCT data->>'url' AS url FROM items WHERE task_id = :t AND attempt = :a) s
                        WHERE u.frontier_id = :f AND u.holder_task = :t AND u.holder_attempt = :a
                          AND u.state = 'fetched' AND u.item_url = s.url""")
                .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
        int back = jdbc.sql("UPDATE crawl_urls SET " + REQUEUE + """
                         WHERE frontier_id = :f AND holder_task = :t AND holder_attempt = :a
                           AND state IN ('leased', 'fetched')""")
                .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
        giveBack(holder.frontierId(), back);
        jdbc.sql("UPDATE crawl_holders SET resolved_at = now() WHERE frontier_id = :f AND task_id = :t AND attempt = :a")
                .param("f", holder.frontierId()).param("t", holder.taskId()).param("a", holder.attempt()).update();
    }

    private void giveBack(long frontierId, int urls) {
        if (urls > 0) {
            jdbc.sql("UPDATE crawl_frontiers SET taken = greatest(0, taken - :n) WHERE id = :id")
                    .param("n", urls).param("id", frontierId).update();
        }
    }

    /** The most URLs one call may add: the batch's place in the queue is its sequence number times this. */
    public static final int MAX_FOUND = 100_000;

    /**
     * Adds URLs the crawl has not seen. Rows go in sorted by fingerprint, so that two attempts
     * adding overlapping batches at once wait for each other instead of deadlocking; their place in
     * the queue is still the order they were found in (one sequence number a batch, plus the
     * position in it).
     */
    private void insert(long frontierId, long taskId, List<FoundUrl> found) {
        if (found.isEmpty()) {
            return;
        }
        if (found.size() > MAX_FOUND) {
            throw new IllegalArgumentException("at most " + MAX_FOUND + " URLs a call, not " + found.size());
        }
        jdbc.sql("""
                        INSERT INTO crawl_urls (frontier_id, fp, seq, url, depth, state, holder_task)
                        SELECT :frontier, sha256(convert_to(f.url, 'UTF8')), b.n * 100000 + f.ord, f.url, f.depth,
                               f.state, CASE WHEN f.state = 'denied' THEN CAST(:task AS bigint) END
                        FROM unnest(CAST(:urls AS text[]), CAST(:depths AS int[]), CAST(:states AS text[]))
                             WITH ORDINALITY AS f (url, depth, state, ord),
                             (SELECT nextval('crawl_urls_batches') AS n) b
                        ORDER BY 2
                        ON CONFLICT (frontier_id, fp) DO NOTHING""")
                .param("frontier", frontierId).param("task", taskId)
                .param("urls", found.stream().map(FoundUrl::url).toArray(String[]::new))
                .param("depths", found.stream().map(FoundUrl::depth).toArray(Integer[]::new))
                .param("states", found.stream().map(FoundUrl::state).toArray(String[]::new))
                .update();
    }
}
