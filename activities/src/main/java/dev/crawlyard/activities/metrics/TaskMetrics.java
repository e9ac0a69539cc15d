package dev.crawlyard.activities.metrics;

import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.planning.metrics.SpiderTags;
import dev.crawlyard.store.tasks.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The metrics of ended tasks, counted where their outcome is written (the workflow host's finalize):
 * how many ended by status and spider, how long they took from creation to end, and the items and log
 * lines they stored (from the row's counts, which finalize makes match the stored rows). Tags are
 * closed sets: status, and the bounded {@link SpiderTags spider} tag; never a task id.
 */
public final class TaskMetrics implements TaskObserver {

    private final MeterRegistry registry;
    private final SpiderTags spiders;
    private final Counter items;
    private final Counter logLines;

    public TaskMetrics(MeterRegistry registry, SpiderTags spiders) {
        this.registry = registry;
        this.spiders = spiders;
        this.items = Counter.builder("crawlyard.items.stored").description("Items stored by ended tasks")
                .register(registry);
        this.logLines = Counter.builder("crawlyard.log.lines.stored").description("Log lines stored by ended tasks")
                .register(registry);
    }

    @Override
    public void ended(Task task) {
        String status = task.status().wireName();
        Counter.builder("crawlyard.tasks.ended").description("Tasks that ended, by final status and spider")
                .tag("status", status).tag("spider", spiders.of(task.spiderId()))
                .register(registry).increment();
        if (task.createdAt() != null && task.finishedAt() != null) {
            Timer.builder("crawlyard.task.duration").description("Time from a task's creation to its end")
                    .tag("status", status).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(1))
                    .register(registry).record(Duration.between(task.createdAt(), task.finishedAt()));
        }
        if (task.progress() != null) {
            items.increment(task.progress().items());
            logLines.increment(task.progress().logLines());
        }
    }
}
