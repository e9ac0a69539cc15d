package dev.crawlyard.workflows.run;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** A run request's bookkeeping, run by whichever process hosts the run's workflow. */
@ActivityInterface
public interface RunActivities {

    /**
     * Makes the run's task rows, all of them or none, and returns their workflow inputs. A retried
     * call returns the tasks the run made already and makes no more.
     */
    @ActivityMethod
    RunTasks makeTasks(MakeTasksRequest request);
}
