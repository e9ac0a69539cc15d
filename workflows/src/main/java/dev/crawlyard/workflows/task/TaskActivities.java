package dev.crawlyard.workflows.task;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Activities that record a task's life on its row; any process hosting workflows may run them. */
@ActivityInterface
public interface TaskActivities {

    /**
     * Writes the task's final status, exit code, stop mode and error on its row. Idempotent: a
     * retry after a successful write changes nothing.
     */
    @ActivityMethod
    void finalizeTask(FinalizeRequest request);
}
