package dev.crawlyard.store.items;

import java.util.List;

/**
 * Which items to read: one task's or all of one spider's; by default only each task's last attempt
 * (what a task ended with), or one attempt, or every attempt (with the items of attempts a lost node
 * took with it, which the attempt after it may have made again).
 */
public record ItemQuery(String where, List<Object> params) {

    private static final String LAST_ATTEMPT = "attempt = (SELECT t.attempt FROM tasks t WHERE t.id = items.task_id)";

    /** The items of the task's last attempt. */
    public static ItemQuery ofTask(long taskId) {
        return new ItemQuery("task_id = ? AND " + LAST_ATTEMPT, List.of(taskId));
    }

    /** The items of one attempt of the task. */
    public static ItemQuery ofTaskAttempt(long taskId, int attempt) {
        return new ItemQuery("task_id = ? AND attempt = ?", List.of(taskId, attempt));
    }

    /** The items of every attempt of the task. */
    public static ItemQuery ofTaskAllAttempts(long taskId) {
        return new ItemQuery("task_id = ?", List.of(taskId));
    }

    /** The items of the last attempt of each of the spider's tasks. */
    public static ItemQuery ofSpider(long spiderId) {
        return new ItemQuery("spider_id = ? AND " + LAST_ATTEMPT, List.of(spiderId));
    }

    /** The items of every attempt of each of the spider's tasks. */
    public static ItemQuery ofSpiderAllAttempts(long spiderId) {
        return new ItemQuery("spider_id = ?", List.of(spiderId));
    }
}
