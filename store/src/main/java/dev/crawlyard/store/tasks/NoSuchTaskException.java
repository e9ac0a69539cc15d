package dev.crawlyard.store.tasks;

/** A change asked of a task that has no row: its id was never made by the API, or it was deleted. */
public final class NoSuchTaskException extends IllegalStateException {

    NoSuchTaskException(long taskId) {
        super("no task " + taskId);
    }
}
