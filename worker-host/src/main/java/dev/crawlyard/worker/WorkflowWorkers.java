package dev.crawlyard.worker;

import dev.crawlyard.workflows.schedule.ScheduleActivities;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/**
 * The worker that runs task workflows, schedule firings and their bookkeeping activities, in
 * whichever process hosts them. Every host registers all of them, because they share one queue.
 */
public final class WorkflowWorkers {

    private WorkflowWorkers() {
    }

    /** Adds the workflow queue's worker to {@code factory}. */
    public static Worker register(WorkerFactory factory, TaskActivities tasks, ScheduleActivities schedules) {
        Worker workflows = factory.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, ScheduledRunWorkflowImpl.class);
        workflows.registerActivitiesImplementations(tasks, schedules);
        return workflows;
    }
}
