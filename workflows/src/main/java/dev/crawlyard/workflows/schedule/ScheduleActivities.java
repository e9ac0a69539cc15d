package dev.crawlyard.workflows.schedule;

import io.temporal.activity.ActivityInterface;

/** A schedule's bookkeeping: making a firing's tasks, counting its outcome, pausing it. */
@ActivityInterface
public interface ScheduleActivities {

    /**
     * Makes the firing's task rows from the schedule's settings as they are now and returns their
     * workflow inputs. A retried call returns the tasks the firing made already. A paused, disabled
     * or deleted schedule makes none.
     */
    FiringTasks startRun(StartRunRequest request);

    /** Counts a run's outcome towards the schedule's consecutive failures; counts once per firing. */
    ScheduleHealth recordOutcome(RunOutcome outcome);

    /** Pauses the schedule, on its row and on its Temporal backend, with the reason as its note. */
    void pause(PauseRequest request);
}
