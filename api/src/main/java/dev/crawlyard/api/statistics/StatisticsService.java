package dev.crawlyard.api.statistics;

import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.api.tasks.TaskView;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.statistics.OutcomeCounts;
import dev.crawlyard.store.statistics.QueueDepth;
import dev.crawlyard.store.statistics.SpiderActivity;
import dev.crawlyard.store.statistics.StatisticsStore;
import dev.crawlyard.store.statistics.Window;
import dev.crawlyard.store.tasks.TaskFilter;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Puts the statistics together from a handful of indexed queries (see {@link StatisticsStore}). */
@Service
class StatisticsService {

    private static final int MAX_RUNNING = 50;

    private final StatisticsStore store;
    private final SpiderService spiders;
    private final SpiderStore spiderStore;
    private final TaskStore tasks;

    StatisticsService(StatisticsStore store, SpiderService spiders, SpiderStore spiderStore, TaskStore tasks) {
        this.store = store;
        this.spiders = spiders;
        this.spiderStore = spiderStore;
        this.tasks = tasks;
    }

    StatisticsView compute(String spiderRef, int page, int size) {
        Long spiderId = spiderRef == null || spiderRef.isBlank() ? null : spiders.find(spiderRef.trim()).id();
        Instant now = Instant.now();
        Map<Long, Map<Window, OutcomeCounts>> ended = store.ended(spiderId);
        List<StatisticsStore.LiveGroup> live = store.live(spiderId);
        Map<Long, QueueDepth> liveBySpider = StatisticsStore.liveBySpider(live);
        List<QueueDepth> queues = StatisticsStore.queues(live);

        Map<Window, OutcomeCounts> overall = new EnumMap<>(Window.class);
        ended.values().forEach(windows -> windows.forEach((window, counts) -> overall.merge(window, counts,
                StatisticsStore::sum)));
        List<StatisticsView.SpiderStatistics> listed = new ArrayList<>();
        for (SpiderActivity spider : store.spiders(spiderId, page, size).values()) {
            listed.add(new StatisticsView.SpiderStatistics(spider.spiderId(), spider.name(),
                    wire(ended.getOrDefault(spider.spiderId(), Map.of())),
                    liveBySpider.getOrDefault(spider.spiderId(), new QueueDepth(null, 0, 0, 0)), spider.lastTask()));
        }
        QueueDepth all = queues.getFirst();
        List<TaskView> running = tasks.list(new TaskFilter(spiderId, TaskStatus.RUNNING, null), 0, MAX_RUNNING)
                .items().stream().map(TaskView::of).toList();
        long total = spiderId != null ? 1 : spiderStore.list(0, 1).total();
        return new StatisticsView(now, wire(overall),
                new StatisticsView.Queues(all.pending(), all.preparing(), all.running(), queues.subList(1, queues.size())),
                listed, total, running, store.lastDayByHour(spiderId));
    }

    /** Every window by its wire name, an empty one as zeros. */
    private static Map<String, OutcomeCounts> wire(Map<Window, OutcomeCounts> windows) {
        Map<String, OutcomeCounts> named = new LinkedHashMap<>();
        for (Window window : Window.values()) {
            named.put(window.wireName(), windows.getOrDefault(window, OutcomeCounts.NONE));
        }
        return named;
    }
}
