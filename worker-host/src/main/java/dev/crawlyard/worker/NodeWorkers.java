package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.task.TaskActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The node's Temporal workers: task workflows and finalize on the workflow queue, the claiming
 * sync on the dispatch queue, and every step of the tasks it took on its own queue. Started after
 * the application context (and so the database migrations) is ready; stopped first on shutdown.
 */
final class NodeWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeWorkers.class);

    private final WorkflowClient client;
    private final LocalNode node;
    private final FileActivities files;
    private final DependencyActivities dependencies;
    private final ProcessActivities processes;
    private final TaskActivities tasks;
    private final Duration shutdownGracePeriod;
    private final RunnerSlots slots;
    private WorkerFactory factory;
    private Worker dispatch;

    NodeWorkers(WorkflowClient client, LocalNode node, FileActivities files, DependencyActivities dependencies,
            ProcessActivities processes, TaskActivities tasks, Duration shutdownGracePeriod, RunnerSlots slots) {
        this.client = client;
        this.node = node;
        this.files = files;
        this.dependencies = dependencies;
        this.processes = processes;
        this.tasks = tasks;
        this.shutdownGracePeriod = shutdownGracePeriod;
        this.slots = slots;
    }

    @Override
    public synchronized void start() {
        factory = WorkerFactory.newInstance(client);
        var workflows = factory.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        workflows.registerActivitiesImplementations(tasks);
        dispatch = factory.newWorker(TaskQueues.DISPATCH);
        dispatch.registerActivitiesImplementations(files);
        factory.newWorker(TaskQueues.node(node.key()))
                .registerActivitiesImplementations(files, dependencies, processes);
        factory.start();
        slots.onChange(this::followCapacity);
        followCapacity();
        log.info("node {} is polling {}, {} and {}", node.key(), TaskQueues.WORKFLOWS, TaskQueues.DISPATCH,
                TaskQueues.node(node.key()));
    }

    /**
     * A node with no free runner (full, or disabled) stops polling the dispatch queue, so that random
     * tasks go to other nodes; it keeps polling its own queue, where its running tasks' steps arrive.
     */
    private synchronized void followCapacity() {
        if (dispatch == null) {
            return;
        }
        if (slots.hasFree()) {
            dispatch.resumePolling();
        } else {
            dispatch.suspendPolling();
        }
    }

    @Override
    public synchronized void stop() {
        if (factory == null) {
            return;
        }
        factory.shutdown();
        factory.awaitTermination(shutdownGracePeriod.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
        }
        factory = null;
        dispatch = null;
        log.info("node {} stopped polling", node.key());
    }

    @Override
    public synchronized boolean isRunning() {
        return factory != null;
    }
}
