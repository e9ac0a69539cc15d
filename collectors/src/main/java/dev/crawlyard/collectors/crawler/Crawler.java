package dev.crawlyard.collectors.crawler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The crawl loop of one attempt: trades fetched pages for leased URLs with the frontier, fetches
 * the leases on virtual threads (at most {@code concurrency} at once, each after its politeness
 * delay), and prints each page's item only once the frontier has accepted the page, so that a
 * page whose lease was lost never has its item stored twice.
 */
final class Crawler {

    /** Exit codes, beside 0 for a crawl that ended (or was cancelled) cleanly. */
    static final int EXIT_RUNNER_GONE = 3;
    static final int EXIT_LEASE_LOST = 4;
    static final int EXIT_FRONTIER_UNREACHABLE = 5;

    /** After a cancel, in-flight pages get this long before what is left goes back to the queue. */
    private static final long CANCEL_WRAP_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long the frontier may stay unreachable before the attempt gives up. */
    private static final long FRONTIER_PATIENCE_NANOS = TimeUnit.MINUTES.toNanos(2);
    /** The most results sent in one exchange. */
    private static final int MAX_RESULTS = 256;

    private final CrawlerConfig config;
    private final Frontier frontier;
    private final IpcOut out;
    private final StopSignal stop;
    private final PageWorker worker;
    private final AttemptStats stats = new AttemptStats();
    private final Semaphore permits;
    private final LinkedBlockingQueue<PageWorker.Done> done = new LinkedBlockingQueue<>();
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private final Set<String> sent = new HashSet<>();

    Crawler(CrawlerConfig config, Frontier frontier, IpcOut out, StopSignal stop) {
        this.config = config;
        this.frontier = frontier;
        this.out = out;
        this.stop = stop;
        Fetcher fetcher = new Fetcher(config, host -> config.rate() > 0 || !config.hostDelay().isZero()
                ? frontier.slot(host) : 0);
        this.worker = new PageWorker(config, fetcher, new Robots(fetcher, config), new PageExtractor(config));
        this.permits = new Semaphore(config.concurrency());
    }

    AttemptStats stats() {
        return stats;
    }

    /** Crawls until the frontier is exhausted or the attempt is stopped; returns the exit code. */
    int run() throws InterruptedException {
        List<String> starts = config.startUrls().stream().map(Urls::normalize).filter(u -> u != null).toList();
        try {
            frontier.open(starts);
        } catch (IOException e) {
            out.error("network", "could not open the crawl's frontier: " + e.getMessage());
            return EXIT_FRONTIER_UNREACHABLE;
        }
        List<PageWorker.Done> pending = new ArrayList<>();
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(20);
        long lastProgress = 0;
        long cancelledAt = 0;
        boolean exhausted = false;
        boolean lastGrantEmpty = false;
        long lastExchange = 0;
        // Leases beyond the requests in flight wait on the node, so that fetching never waits for an exchange.
        int target = config.concurrency() * 4;
        while (true) {
            if (stop.reason() == StopSignal.Reason.RUNNER_GONE || out.broken()) {
                return EXIT_RUNNER_GONE;
            }
            PageWorker.Done first = outstanding.isEmpty() ? null : done.poll(idleNanos, TimeUnit.NANOSECONDS);
            if (first != null) {
                pending.add(first);
                done.drainTo(pending, MAX_RESULTS - pending.size());
            }
            boolean cancelling = stop.reason() == StopSignal.Reason.CANCELLED;
            if (cancelling && cancelledAt == 0) {
                cancelledAt = System.nanoTime();
                out.log("info", "cancelled: no more pages are leased; " + outstanding.size() + " in flight");
            }
            int want = cancelling || exhausted ? 0 : Math.max(0, target - outstanding.size());
            boolean pollDue = System.nanoTime() - lastExchange > (lastGrantEmpty ? idleNanos : 0);
            if (!pending.isEmpty() || (want > 0 && pollDue)) {
                boolean counts = System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(500);
                Frontier.Grant grant = exchange(pending, want, counts);
                if (grant == null) {
                    return stop.reason() == StopSignal.Reason.RUNNER_GONE ? EXIT_RUNNER_GONE : EXIT_LEASE_LOST;
                }
                lastExchange = System.nanoTime();
                printAccepted(pending, grant);
                pending.clear();
                for (Frontier.Lease lease : grant.leases()) {
                    start(lease);
                }
                lastGrantEmpty = grant.leases().isEmpty();
                exhausted = grant.exhausted();
                // Waiting for other tasks' pages (or an expired lease) backs off to a poll a second.
                idleNanos = lastGrantEmpty && outstanding.isEmpty()
                        ? Math.min(idleNanos * 2, TimeUnit.SECONDS.toNanos(1)) : TimeUnit.MILLISECONDS.toNanos(20);
                if (grant.pagesDone() >= 0) {
                    out.progress("crawling", grant.pagesDone(), grant.pagesKnown());
                    lastProgress = System.nanoTime();
                }
            }
            boolean idle = outstanding.isEmpty() && done.isEmpty() && pending.isEmpty();
            boolean wrapUpOver = cancelling && System.nanoTime() - cancelledAt > CANCEL_WRAP_UP_NANOS;
            if ((idle && (exhausted || cancelling)) || wrapUpOver) {
                return finish(cancelling);
            }
            if (outstanding.isEmpty() && lastGrantEmpty) {
                TimeUnit.NANOSECONDS.sleep(idleNanos);
            }
        }
    }

    private void start(Frontier.Lease lease) {
        outstanding.add(lease.url());
        Thread.ofVirtual().start(() -> {
            PageWorker.Done result;
            try {
                if (lease.delayMillis() > 0) {
                    Thread.sleep(lease.delayMillis());
                }
                permits.acquire();
                try {
                    result = worker.process(lease);
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                result = new PageWorker.Done(new Frontier.PageResult(lease.url(), "network_error", 0, 0, 0, 0, null),
                        null, List.of(), lease.url() + ": " + e);
            }
            done.add(result);
        });
    }

    /** One exchange, retried while the frontier is unreachable; null if the attempt must end. */
    private Frontier.Grant exchange(List<PageWorker.Done> pending, int want, boolean counts)
            throws InterruptedException {
        List<Frontier.PageResult> results = new ArrayList<>(pending.size());
        List<Frontier.Link> links = new ArrayList<>();
        for (PageWorker.Done page : pending) {
            results.add(page.result());
            for (Frontier.Link link : page.links()) {
                // The seen-set is the frontier's; this only spares it links this attempt sent already.
                if (link.kind() != Frontier.LinkKind.FOLLOW || sent.add(link.url())) {
                    links.add(link);
                }
            }
        }
        long started = System.nanoTime();
        long backoff = 200;
        while (true) {
            try {
                long call = System.nanoTime();
                Frontier.Grant grant = frontier.exchange(results, links, want, counts);
                stats.exchanged(System.nanoTime() - call);
                return grant;
            } catch (LeaseLostException e) {
                out.error("system", "the crawl's frontier no longer counts this attempt in: " + e.getMessage());
                return null;
            } catch (IOException e) {
                if (System.nanoTime() - started > FRONTIER_PATIENCE_NANOS || stop.reason() == StopSignal.Reason.RUNNER_GONE) {
                    out.error("network", "the crawl's frontier stayed unreachable: " + e.getMessage());
                    return null;
                }
                out.log("warning", "the crawl's frontier did not answer (" + e.getMessage() + "); trying again");
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void printAccepted(List<PageWorker.Done> pending, Frontier.Grant grant) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (PageWorker.Done page : pending) {
            outstanding.remove(page.result().url());
            boolean accepted = !grant.refused().contains(page.result().url());
            if (page.note() != null) {
                out.log("warning", page.note());
            }
            if (!accepted) {
                out.log("warning", page.result().url() + ": its lease went to another task; its item is not kept");
                continue;
            }
            stats.record(page.result());
            if (page.item() != null) {
                items.add(page.item());
            }
        }
        if (!items.isEmpty()) {
            out.items(items);
        }
    }

    private int finish(boolean cancelled) {
        List<String> unfetched = new ArrayList<>(outstanding);
        try {
            frontier.finish(unfetched);
        } catch (IOException e) {
            out.log("warning", "could not give the unfetched pages back (" + e.getMessage()
                    + "); they return to the queue when this attempt's lease runs out");
        }
        Map<String, Object> summary = new LinkedHashMap<>(stats.summary());
        out.log("info", (cancelled ? "crawl cancelled: " : "crawl finished: ") + summary);
        return 0;
    }
}
