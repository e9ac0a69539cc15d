package dev.crawlyard.worker;

import dev.crawlyard.workflows.schedule.ScheduleActivities;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import dev.crawlyard.workflows.webhooks.WebhookActivities;
import dev.crawlyard.workflows.webhooks.WebhookDeliveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker on the workflow queue: task workflows, schedule firings, webhook deliveries, and their
 * bookkeeping activities (finalize, a firing's tasks, sending a delivery). Any process may host it — a worker node, or the standalone
 * platform — and every host wires it the same way, from the same settings ({@link WorkflowHostConfiguration}).
 */
final class WorkflowHost implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkflowHost.class);

    private final WorkflowClient client;
    private final TaskActivities tasks;
    private final ScheduleActivities schedules;
    private final WebhookActivities webhooks;
    private WorkerFactory factory;

    WorkflowHost(WorkflowClient client, TaskActivities tasks, WebhookActivities webhooks, ScheduleActivities schedules) {
        this.client = client;
        this.tasks = tasks;
        this.webhooks = webhooks;
        this.schedules = schedules;
    }

    @Override
    public synchronized void start() {
        factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker(TaskQueues.WORKFLOWS);
        worker.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, ScheduledRunWorkflowImpl.class,
                WebhookDeliveryWorkflowImpl.class);
        worker.registerActivitiesImplementations(tasks, schedules, webhooks);
        factory.start();
        log.info("hosting task workflows and schedule firings on {}", TaskQueues.WORKFLOWS);
    }

    @Override
    public synchronized void stop() {
        if (factory != null) {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
            if (!factory.isTerminated()) {
                factory.shutdownNow();
            }
            factory = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return factory != null;
    }
}
