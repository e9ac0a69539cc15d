package dev.crawlyard.store.items;

import java.util.List;

/** Which items to read: one task's, or all of one spider's. */
public record ItemQuery(String where, List<Object> params) {

    public static ItemQuery ofTask(long taskId) {
        return new ItemQuery("task_id = ?", List.of(taskId));
    }

    public static ItemQuery ofSpider(long spiderId) {
        return new ItemQuery("spider_id = ?", List.of(spiderId));
    }
}
