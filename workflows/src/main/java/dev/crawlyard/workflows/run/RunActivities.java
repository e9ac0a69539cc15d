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

    /**
     * Makes the run's task rows as {@link #makeTasks} does, then starts each task's workflow (its id
     * the task's, so that it starts once however often this is called), and returns the tasks once
     * every one of them has its workflow. A retried call starts those not started yet.
     */
    @ActivityMethod
    RunTasks makeAndStartTasks(MakeTasksRequest request);
}
