package dev.crawlyard.api.spiders;

import dev.crawlyard.api.ApiProperties;
import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.schedules.ScheduleService;
import dev.crawlyard.api.tasks.TaskService;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.TaskStore;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Deletes spiders. A spider with live tasks is refused unless the caller forces it, which cancels
 * them and waits (bounded) for them to end, since a task still stopping could write items for a
 * spider that is gone. Its schedules go first, from their backend too, so that none fires for it.
 */
@Service
class SpiderRemoval {

    private static final Logger log = LoggerFactory.getLogger(SpiderRemoval.class);

    /** What happens to a deleted spider's tasks, their items and logs. */
    enum DataChoice {
        KEEP, DELETE;

        static DataChoice parse(String value) {
            if (value == null || value.isBlank()) {
                throw ApiException.invalid(List.of(new ApiError.FieldError("data", "required: 'keep' to keep the"
                        + " spider's tasks, items and logs, or 'delete' to delete them with it")));
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(List.of(new ApiError.FieldError("data",
                        "must be 'keep' or 'delete', not '" + (value.length() > 40 ? value.substring(0, 40) : value) + "'")));
            }
        }
    }

    private final SpiderService spiders;
    private final SpiderStore store;
    private final TaskStore tasks;
    private final TaskService taskService;
    private final ScheduleService schedules;
    private final ApiProperties properties;

    SpiderRemoval(SpiderService spiders, SpiderStore store, TaskStore tasks, TaskService taskService,
            ScheduleService schedules, ApiProperties properties) {
        this.spiders = spiders;
        this.store = store;
        this.tasks = tasks;
        this.taskService = taskService;
        this.schedules = schedules;
        this.properties = properties;
    }

    void delete(String ref, DataChoice data, boolean force) throws InterruptedException {
        Spider spider = spiders.find(ref);
        List<Long> live = tasks.liveTaskIds(spider.id());
        if (!live.isEmpty() && !force) {
            throw ApiException.conflict("spider '" + spider.name() + "' has " + live.size() + " task(s) that have not"
                    + " ended (tasks " + preview(live) + "); cancel them first, or delete with force=true to cancel them");
        }
        for (long task : live) {
            try {
                taskService.cancel(task);
            } catch (ApiException ended) {
                // It ended by itself meanwhile: nothing to cancel.
            }
        }
        awaitEnd(spider, live);
        schedules.list().stream()
                .filter(schedule -> schedule.settings().spiderId() == spider.id())
                .forEach(schedule -> schedules.delete(schedule.id()));
        if (!store.delete(spider.id(), data == DataChoice.DELETE)) {
            List<Long> now = tasks.liveTaskIds(spider.id());
            if (now.isEmpty() && store.find(spider.id()).isEmpty()) {
                return; // Another request deleted it meanwhile.
            }
            throw ApiException.conflict("spider '" + spider.name() + "' got a new task (" + preview(now)
                    + ") while it was being deleted; its schedules are deleted, the spider is not");
        }
        log.info("deleted spider {} ({}), its data {}", spider.id(), spider.name(),
                data == DataChoice.DELETE ? "deleted" : "kept");
    }

    private void awaitEnd(Spider spider, List<Long> cancelled) throws InterruptedException {
        if (cancelled.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + properties.forcedDeleteWait().toNanos();
        while (!tasks.liveTaskIds(spider.id()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw ApiException.conflict("spider '" + spider.name() + "': its tasks " + preview(cancelled)
                        + " were cancelled but have not ended within " + properties.forcedDeleteWait().toSeconds()
                        + " s (crawlyard.api.forced-delete-wait); try again when they have");
            }
            Thread.sleep(100);
        }
    }

    private static String preview(List<Long> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }
}
