package dev.crawlyard.api.crawl;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.collectors.api.ApiConfig;
import dev.crawlyard.collectors.crawler.CrawlerConfig;
import dev.crawlyard.collectors.crawler.Pacing;
import dev.crawlyard.store.crawl.CrawlHolder;
import dev.crawlyard.store.crawl.CrawlProgress;
import dev.crawlyard.store.crawl.CrawlStats;
import dev.crawlyard.store.crawl.FoundUrl;
import dev.crawlyard.store.crawl.FrontierStore;
import dev.crawlyard.store.crawl.LeaseLostException;
import dev.crawlyard.store.crawl.LeasedUrl;
import dev.crawlyard.store.crawl.PageReport;
import dev.crawlyard.store.crawl.PolitenessStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.SpiderType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crawler task's calls on its crawl: the crawl is its run's (the group's, or the task's own when
 * it ran alone), and its politeness is the spider's, read from the spider's config rather than
 * taken from the caller.
 */
@Service
class CrawlService {

    private final TaskStore tasks;
    private final SpiderStore spiders;
    private final FrontierStore frontiers;
    private final PolitenessStore politeness;
    private final TransactionTemplate transactions;
    private final CrawlerProperties settings;
    private final JsonMapper json;
    private final Map<Long, CrawlerConfig> configs = new ConcurrentHashMap<>();

    CrawlService(TaskStore tasks, SpiderStore spiders, FrontierStore frontiers, PolitenessStore politeness,
            PlatformTransactionManager transactionManager, CrawlerProperties settings, JsonMapper json) {
        this.tasks = tasks;
        this.spiders = spiders;
        this.frontiers = frontiers;
        this.politeness = politeness;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.json = json;
    }

    /** The crawl a task belongs to, as its task, its spider's config and the crawl's key. */
    private record Crawl(Task task, CrawlerConfig config, String key) {
        Politeness politeness() {
            return new Politeness(task.spiderId(), config.rate(), config.burst(), config.hostDelay().toMillis());
        }
    }

    /** A built-in spider's politeness: its rate and burst for the spider as a whole, its per-host delay. */
    private record Politeness(long spiderId, double rate, int burst, long hostDelayMillis) {
    }

    Map<String, Object> open(long taskId, CrawlRequests.Open body) {
        FieldErrors errors = new FieldErrors();
        int attempt = CrawlInput.attempt(body.attempt(), errors);
        List<String> starts = CrawlInput.startUrls(body.startUrls(), errors);
        errors.throwIfAny();
        Crawl crawl = crawlOf(taskId);
        CrawlHolder holder = frontiers.open(crawl.key(), crawl.task().spiderId(), crawl.config().maxPages(), taskId,
                attempt, starts, settings.leaseTimeout());
        return Map.of("frontier", holder.frontierId(), "leaseSeconds", settings.leaseTimeout().toSeconds());
    }

    CrawlRequests.Grant exchange(long taskId, CrawlRequests.Exchange body) {
        FieldErrors errors = new FieldErrors();
        int attempt = CrawlInput.attempt(body.attempt(), errors);
        List<PageReport> pages = CrawlInput.pages(body.results(), errors);
        List<FoundUrl> found = CrawlInput.links(body.links(), errors);
        int want = CrawlInput.want(body.want(), errors);
        errors.throwIfAny();
        Crawl crawl = crawlOf(taskId);
        CrawlHolder holder = holder(crawl, attempt);
        try {
            Set<String> refused = frontiers.report(holder, pages, found, settings.leaseTimeout());
            CrawlerConfig config = crawl.config();
            boolean paced = Pacing.paces(config.rate(), config.hostDelay().toMillis());
            List<LeasedUrl> leased = frontiers.lease(holder, want, paced, settings.leaseTimeout(),
                    (urls, room) -> pace(crawl, urls, room));
            CrawlProgress progress = frontiers.progress(holder.frontierId(), Boolean.TRUE.equals(body.counts()));
            return new CrawlRequests.Grant(List.copyOf(refused), leased.stream()
                    .map(l -> new CrawlRequests.Lease(l.url(), l.depth(), l.delayMillis())).toList(),
                    progress.exhausted(), progress.pagesDone(), progress.pagesKnown());
        } catch (LeaseLostException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /**
     * A slot for one more request to a host: a crawler's retry, or any request of an API
     * collector, whose rate holds for its spider as a whole just as a crawler's does.
     */
    long slot(long taskId, CrawlRequests.Slot body) {
        FieldErrors errors = new FieldErrors();
        CrawlInput.attempt(body.attempt(), errors);
        String host = CrawlInput.host(body.host(), errors);
        errors.throwIfAny();
        Politeness pace = politenessOf(taskId);
        if (!Pacing.paces(pace.rate(), pace.hostDelayMillis())) {
            return 0;
        }
        Long delay = transactions.execute(status -> {
            long[] delays = plan(pace, List.of(host), Long.MAX_VALUE / 4, 1);
            return TimeUnit.MICROSECONDS.toMillis(Math.max(0, delays[0]));
        });
        return delay == null ? 0 : delay;
    }

    Map<String, Object> finish(long taskId, CrawlRequests.Finish body) {
        FieldErrors errors = new FieldErrors();
        int attempt = CrawlInput.attempt(body.attempt(), errors);
        errors.throwIfAny();
        Crawl crawl = crawlOf(taskId);
        frontiers.finish(holder(crawl, attempt));
        Map<String, Object> stats = statsOf(frontiers.stats(taskId));
        tasks.recordResult(taskId, json.writeValueAsString(Map.of("crawl", stats)), null);
        return stats;
    }

    /**
     * The politeness slots of the leases' candidates, at most {@code room} of them, in the lease's
     * transaction; in millis, -1 for none.
     */
    private long[] pace(Crawl crawl, List<String> urls, int room) {
        List<String> hosts = urls.stream().map(url -> {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        }).toList();
        long[] micros = plan(crawl.politeness(), hosts, TimeUnit.MILLISECONDS.toMicros(settings.horizon().toMillis()),
                room);
        long[] millis = new long[micros.length];
        for (int i = 0; i < micros.length; i++) {
            millis[i] = micros[i] < 0 ? -1 : TimeUnit.MICROSECONDS.toMillis(micros[i]);
        }
        return millis;
    }

    /**
     * Locks the spider's politeness state, takes a slot for each host in turn, for at most
     * {@code limit} of them (the rest get -1 and take nothing), and stores what is left.
     */
    private long[] plan(Politeness spider, List<String> hosts, long horizonMicros, int limit) {
        long hostDelay = TimeUnit.MILLISECONDS.toMicros(spider.hostDelayMillis());
        boolean rated = spider.rate() > 0;
        PolitenessStore.Slots slots = politeness.lock(spider.spiderId(), rated,
                hostDelay > 0 ? new HashSet<>(hosts) : Set.of());
        Pacing pacing = new Pacing(spider.rate(), spider.burst(), hostDelay, slots.tatMicros());
        slots.hostMicros().forEach(pacing::hostSlot);
        long[] delays = new long[hosts.size()];
        int taken = 0;
        for (int i = 0; i < hosts.size(); i++) {
            delays[i] = taken < limit ? pacing.take(hosts.get(i), slots.nowMicros(), horizonMicros) : -1;
            taken += delays[i] >= 0 ? 1 : 0;
        }
        politeness.save(spider.spiderId(), rated ? pacing.tat() : null,
                hostDelay > 0 ? pacing.hostSlots() : Map.of());
        return delays;
    }

    private CrawlHolder holder(Crawl crawl, int attempt) {
        long frontier = frontiers.find(crawl.key()).orElseThrow(() -> ApiException.conflict(
                "the crawl has not been opened: call /api/v1/crawl/open first"));
        return new CrawlHolder(frontier, crawl.task().id(), attempt);
    }

    private final Map<Long, ApiConfig> apiConfigs = new ConcurrentHashMap<>();

    /** The politeness of a live task's spider: a crawler's, or an API collector's. */
    private Politeness politenessOf(long taskId) {
        Task task = tasks.find(taskId).orElseThrow(() -> ApiException.notFound("no task with id " + taskId));
        if (task.status().isTerminal()) {
            throw ApiException.conflict("task " + taskId + " has already ended (" + task.status().wireName() + ")");
        }
        ApiConfig api = apiConfigs.computeIfAbsent(task.spiderId(), id -> {
            Spider spider = spiders.find(id).orElseThrow();
            return spider.type() == SpiderType.API && spider.config() != null ? ApiConfig.parse(spider.config()) : null;
        });
        if (apiConfigs.size() > 10_000) {
            apiConfigs.clear();
        }
        if (api != null) {
            return new Politeness(task.spiderId(), api.rate(), api.burst(), 0);
        }
        return crawlOf(taskId).politeness();
    }

    private Crawl crawlOf(long taskId) {
        Task task = tasks.find(taskId).orElseThrow(() -> ApiException.notFound("no task with id " + taskId));
        if (task.status().isTerminal()) {
            throw ApiException.conflict("task " + taskId + " has already ended (" + task.status().wireName() + ")");
        }
        CrawlerConfig config = configs.computeIfAbsent(task.spiderId(), id -> {
            Spider spider = spiders.find(id).orElseThrow();
            if (spider.type() != SpiderType.CRAWLER || spider.config() == null) {
                return null;
            }
            return CrawlerConfig.parse(spider.config());
        });
        if (config == null) {
            throw ApiException.conflict("task " + taskId + " is not a crawler's task");
        }
        if (configs.size() > 10_000) {
            configs.clear();
        }
        String key = task.groupId() != null ? "group:" + task.groupId() : "task:" + task.id();
        return new Crawl(task, config, key);
    }

    private static Map<String, Object> statsOf(CrawlStats stats) {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        byStatus.put("2xx", stats.status2xx());
        byStatus.put("3xx", stats.status3xx());
        byStatus.put("4xx", stats.status4xx());
        byStatus.put("5xx", stats.status5xx());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pagesFetched", stats.pagesFetched());
        map.put("pagesByStatus", byStatus);
        map.put("networkErrors", stats.networkErrors());
        map.put("tooLarge", stats.tooLarge());
        map.put("robotsDenied", stats.robotsDenied());
        map.put("bytes", stats.bytes());
        map.put("items", stats.items());
        map.put("retries", stats.retries());
        map.put("meanFetchMillis", Math.round(stats.meanFetchMillis() * 10) / 10.0);
        map.put("p95FetchMillis", Math.round(stats.p95FetchMillis() * 10) / 10.0);
        return map;
    }
}
