package dev.crawlyard.activities;

import org.slf4j.MDC;

/** Puts the task id in the logging context for the length of an activity. */
public final class TaskMdc implements AutoCloseable {

    private static final String KEY = "taskId";

    private TaskMdc(long taskId) {
        MDC.put(KEY, Long.toString(taskId));
    }

    public static TaskMdc of(long taskId) {
        return new TaskMdc(taskId);
    }

    @Override
    public void close() {
        MDC.remove(KEY);
    }
}
