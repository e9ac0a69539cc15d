package dev.crawlyard.worker;

import dev.crawlyard.workflows.run.RunActivities;
import dev.crawlyard.workflows.run.RunWorkflowImpl;
import dev.crawlyard.workflows.schedule.ScheduleActivities;
import dev.crawlyard.workflows.schedule.ScheduledRunWorkflowImpl;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import dev.crawlyard.workflows.webhooks.WebhookActivities;
import dev.crawlyard.workflows.webhooks.WebhookDeliveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker on the workflow queue: task workflows, run requests, schedule firings, webhook
 * deliveries, and their bookkeeping activities (finalize, a run's or a firing's tasks, sending a
 * delivery). Any process may host it — a worker node, or the standalone
 * platform — and every host wires it the same way, from the same settings ({@link WorkflowHostConfiguration}).
 */
final class WorkflowHost implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkflowHost.class);

    private final WorkflowClient client;
    private final boolean sticky;
    private final TaskActivities tasks;
    private final ScheduleActivities schedules;
    private final RunActivities runs;
    private final WebhookActivities webhooks;
    private WorkerFactory factory;

    WorkflowHost(WorkflowClient client, boolean sticky, TaskActivities tasks, ScheduleActivities schedules,
            RunActivities runs, WebhookActivities webhooks) {
        this.client = client;
        this.sticky = sticky;
        this.tasks = tasks;
        this.webhooks = webhooks;
        this.schedules = schedules;
        this.runs = runs;
    }

    @Override
    public synchronized void start() {
        factory = WorkerFactory.newInstance(client);
        // A zero sticky schedule-to-start asks Temporal for no sticky queue: every step through the shared one.
        var worker = factory.newWorker(TaskQueues.WORKFLOWS, sticky ? WorkerOptions.getDefaultInstance()
                : WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
        worker.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, RunWorkflowImpl.class,
                ScheduledRunWorkflowImpl.class, WebhookDeliveryWorkflowImpl.class);
        // The run's activity is a local one of its workflow's: registered here, it runs in this process.
        worker.registerActivitiesImplementations(tasks, schedules, runs, webhooks);
        factory.start();
        log.info("hosting task workflows, run requests and schedule firings on {}", TaskQueues.WORKFLOWS);
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
