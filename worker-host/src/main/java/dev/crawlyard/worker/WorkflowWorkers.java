package dev.crawlyard.worker;

import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** The worker that runs task workflows and their bookkeeping activity, in whichever process hosts them. */
public final class WorkflowWorkers {

    private WorkflowWorkers() {
    }

    /** Adds the workflow queue's worker to {@code factory}. */
    public static Worker register(WorkerFactory factory, TaskActivities tasks) {
        Worker workflows = factory.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        workflows.registerActivitiesImplementations(tasks);
        return workflows;
    }
}
