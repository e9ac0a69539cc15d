package dev.crawlyard.collectors.crawler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A frontier in memory, for a crawl run on its own ({@code CrawlerMain --local}) and for tests of
 * the crawler alone: the same rules as the shared one (breadth first, each URL once, the page
 * limit, politeness), for one attempt.
 */
final class MemoryFrontier implements Frontier {

    private static final long HORIZON_MICROS = TimeUnit.SECONDS.toMicros(5);

    private record Entry(String url, int depth, long seq) {
    }

    private final CrawlerConfig config;
    private final Pacing pacing;
    private final Set<String> seen = new HashSet<>();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            Comparator.comparingInt(Entry::depth).thenComparingLong(Entry::seq));
    private final Map<String, Entry> leased = new HashMap<>();
    private final long epochOffsetMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis())
            - TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
    private long seq;
    private long taken;
    private long done;

    MemoryFrontier(CrawlerConfig config) {
        this.config = config;
        this.pacing = new Pacing(config.rate(), config.burst(), TimeUnit.MILLISECONDS.toMicros(config.hostDelay()
                .toMillis()), 0);
    }

    @Override
    public synchronized void open(List<String> startUrls) {
        for (String url : startUrls) {
            if (seen.add(url)) {
                queue.add(new Entry(url, 0, seq++));
            }
        }
    }

    @Override
    public synchronized Grant exchange(List<PageResult> results, List<Link> links, int want, boolean counts) {
        Set<String> refused = new HashSet<>();
        for (PageResult result : results) {
            if (leased.remove(result.url()) == null) {
                refused.add(result.url());
            } else {
                done++;
            }
        }
        for (Link link : links) {
            if (seen.add(link.url()) && link.kind() == LinkKind.FOLLOW) {
                queue.add(new Entry(link.url(), link.depth(), seq++));
            }
        }
        List<Lease> leases = new ArrayList<>();
        List<Entry> later = new ArrayList<>();
        long now = nowMicros();
        while (leases.size() < want && taken < config.maxPages() && !queue.isEmpty()) {
            Entry entry = queue.poll();
            long delay = pacing.take(java.net.URI.create(entry.url()).getHost(), now, HORIZON_MICROS);
            if (delay < 0) {
                later.add(entry);
                if (later.size() > want * 4) {
                    break;
                }
                continue;
            }
            leased.put(entry.url(), entry);
            taken++;
            leases.add(new Lease(entry.url(), entry.depth(), TimeUnit.MICROSECONDS.toMillis(delay)));
        }
        queue.addAll(later);
        boolean exhausted = leased.isEmpty() && (queue.isEmpty() || taken >= config.maxPages());
        return new Grant(refused, leases, exhausted, counts ? done : -1,
                counts ? Math.min(config.maxPages(), taken + queue.size()) : -1);
    }

    @Override
    public synchronized long slot(String host) {
        return TimeUnit.MICROSECONDS.toMillis(Math.max(0, pacing.take(host, nowMicros(), Long.MAX_VALUE / 4)));
    }

    @Override
    public synchronized void finish(List<String> unfetched) {
        for (String url : unfetched) {
            Entry entry = leased.remove(url);
            if (entry != null) {
                queue.add(entry);
                taken--;
            }
        }
    }

    private long nowMicros() {
        return epochOffsetMicros + TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
    }
}
