package dev.crawlyard.store.items;

import java.util.List;

/**
 * Which items to read: one task's or all of one spider's; by default what each task ended with (its
 * last attempt's, or a crawler's of every attempt), or one attempt, or every attempt (with the items
 * of attempts a lost node took with it, which the attempt after it may have made again).
 */
public record ItemQuery(String where, List<Object> params) {

    private static final String LAST_ATTEMPT = """
            EXISTS (SELECT 1 FROM tasks t WHERE t.id = items.task_id
                AND (t.attempt = items.attempt OR t.items_over_attempts))""";

    /**
     * The items the task ended with: of its last attempt, or of all its attempts when they add up
     * (a crawler's retry fetches only what the attempts before it had not reported).
     */
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

    /** The items each of the spider's tasks ended with (see {@link #ofTask}). */
    public static ItemQuery ofSpider(long spiderId) {
        return new ItemQuery("spider_id = ? AND " + LAST_ATTEMPT, List.of(spiderId));
    }

    /** The items of every attempt of each of the spider's tasks. */
    public static ItemQuery ofSpiderAllAttempts(long spiderId) {
        return new ItemQuery("spider_id = ?", List.of(spiderId));
    }
}
