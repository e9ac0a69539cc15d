package dev.crawlyard.api.metrics;

import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.TaskStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The queue depths: tasks pending (waiting for a node to take them: the dispatch queue), preparing and
 * running, from the tasks table. One query per scrape at most every few seconds, whoever scrapes; a
 * scrape while the database is away shows the last counts it read.
 */
@Component
class LiveTaskMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(LiveTaskMetrics.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final List<TaskStatus> LIVE = List.of(TaskStatus.PENDING, TaskStatus.PREPARING, TaskStatus.RUNNING);

    private final TaskStore tasks;
    private Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    private long readAt;

    LiveTaskMetrics(TaskStore tasks) {
        this.tasks = tasks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TaskStatus status : LIVE) {
            Gauge.builder("crawlyard.tasks.live", this, metrics -> metrics.count(status))
                    .description("Tasks not yet ended, by status; pending ones wait for a node")
                    .tag("status", status.wireName()).register(registry);
        }
    }

    private synchronized double count(TaskStatus status) {
        long now = System.nanoTime();
        if (counts.isEmpty() || now - readAt > FRESH_FOR.toNanos()) {
            try {
                counts = tasks.countLive();
                readAt = now;
            } catch (RuntimeException e) {
                log.debug("could not count live tasks: {}", e.getMessage());
            }
        }
        return counts.getOrDefault(status, 0L);
    }
}
