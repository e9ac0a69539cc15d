package dev.crawlyard.api;

import dev.crawlyard.activities.schedules.ScheduleActivitiesImpl;
import dev.crawlyard.activities.schedules.ScheduleBackends;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskPlanner;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.worker.WorkflowWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Task workflows run in the api when it runs no node of its own (and {@code crawlyard.api.host-workflows}
 * is on), so that workflows keep running while worker nodes come and go. With Temporal's test server
 * (standalone mode) this matters: a workflow cached on a node that is killed stays stuck there, because
 * that server does not move a dead worker's sticky work back to the shared queue as a real server does.
 */
@Component
@ConditionalOnBooleanProperty(name = "crawlyard.api.in-process-node", havingValue = false)
class WorkflowHost implements SmartLifecycle {

    private final WorkflowClient client;
    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final ApiProperties properties;
    private final ScheduleActivitiesImpl schedules;
    private WorkerFactory factory;

    WorkflowHost(WorkflowClient client, TaskStore tasks, AttemptStore attempts, ApiProperties properties,
            ScheduleStore schedules, SpiderStore spiders, NodeStore nodes, ScheduleBackends backends) {
        this.client = client;
        this.tasks = tasks;
        this.attempts = attempts;
        this.properties = properties;
        this.schedules = new ScheduleActivitiesImpl(schedules, spiders, tasks, nodes,
                new TaskPlanner(tasks, properties.waits()), properties.nodeOfflineAfter(), backends);
    }

    @Override
    public synchronized void start() {
        if (!properties.hostWorkflows()) {
            return;
        }
        factory = WorkerFactory.newInstance(client);
        WorkflowWorkers.register(factory, new TaskActivitiesImpl(tasks, attempts), schedules);
        factory.start();
    }

    @Override
    public synchronized void stop() {
        if (factory != null) {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
            factory = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return factory != null;
    }
}
