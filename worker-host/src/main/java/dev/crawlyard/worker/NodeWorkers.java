package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.steps.StepsAtWork;
import dev.crawlyard.activities.steps.StepsDrain;
import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dispatch.DispatchActivities;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The node's Temporal workers: the claim on the dispatch queue, and every step of the tasks it took
 * (and the claims of tasks pinned to it) on its own queue. Started after
 * the application context (and so the database migrations) is ready; stopped first on shutdown.
 */
final class NodeWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeWorkers.class);

    private final WorkflowClient client;
    private final LocalNode node;
    private final DispatchActivities dispatch;
    private final FileActivities files;
    private final DependencyActivities dependencies;
    private final ProcessActivities processes;
    private final StepsAtWork steps;
    private final RunnerSlots slots;
    private final LeastLoadedFirst order;
    private final Duration shutdownGracePeriod;
    private final boolean runsContainers;
    private final WorkerInterceptor[] interceptors;
    private WorkerFactory factory;

    NodeWorkers(WorkflowClient client, LocalNode node, DispatchActivities dispatch, FileActivities files,
            DependencyActivities dependencies, ProcessActivities processes, StepsAtWork steps, RunnerSlots slots,
            LeastLoadedFirst order,
            Duration shutdownGracePeriod, boolean runsContainers, WorkerInterceptor... interceptors) {
        this.client = client;
        this.node = node;
        this.dispatch = dispatch;
        this.files = files;
        this.dependencies = dependencies;
        this.processes = processes;
        this.steps = steps;
        this.slots = slots;
        this.order = order;
        this.shutdownGracePeriod = shutdownGracePeriod;
        this.runsContainers = runsContainers;
        this.interceptors = interceptors;
    }

    @Override
    public synchronized void start() {
        // A node stopped and started again in one JVM (Spring's lifecycle; the test framework pauses
        // the contexts it caches this way) takes tasks again.
        slots.startTaking();
        factory = WorkerFactory.newInstance(client,
                WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build());
        // The dispatch queue is polled only while a runner is free (RunnerSlotSupplier): a full or disabled
        // node takes no claim, rather than taking one and refusing it. The sync is on the dispatch queue
        // too, for task workflows begun before the claim step.
        factory.newWorker(TaskQueues.DISPATCH, dispatchOptions()).registerActivitiesImplementations(dispatch, files);
        // Only a node whose container engine answers takes container tasks: the rest never poll their queue.
        // Its poll holds no runner (a reservation there would starve the dispatch queue's poll on a node
        // of one runner): a full node takes a container claim and refuses it, and Temporal offers it again.
        if (runsContainers) {
            factory.newWorker(TaskQueues.CONTAINER_DISPATCH, WorkerOptions.newBuilder()
                    .setMaxConcurrentActivityExecutionSize(1).build()).registerActivitiesImplementations(dispatch);
        }
        factory.newWorker(TaskQueues.node(node.key()))
                .registerActivitiesImplementations(dispatch, files, dependencies, processes, steps);
        factory.start();
        log.info("node {} is polling {}{} and {}", node.key(), TaskQueues.DISPATCH,
                runsContainers ? ", " + TaskQueues.CONTAINER_DISPATCH : "", TaskQueues.node(node.key()));
    }

    /**
     * The dispatch worker's activity slots are the node's free runners, taken least-loaded node first;
     * it runs no other kind of task. One poll at a time: a node's polls waiting side by side on the
     * queue would take claims whatever its load, since Temporal's test server matches the newest poll.
     */
    private WorkerOptions dispatchOptions() {
        return WorkerOptions.newBuilder()
                .setMaxConcurrentActivityTaskPollers(1)
                .setWorkerTuner(new CompositeTuner(new FixedSizeSlotSupplier<>(1), new RunnerSlotSupplier(slots, order),
                        new FixedSizeSlotSupplier<>(1), new FixedSizeSlotSupplier<>(1)))
                .build();
    }

    @Override
    public synchronized void stop() {
        if (factory == null) {
            return;
        }
        // First the tasks here are given back, with the workers still up (StepsDrain).
        long deadline = System.nanoTime() + shutdownGracePeriod.toNanos();
        try {
            if (!StepsDrain.drain(slots, steps, deadline)) {
                log.warn("node {}: steps still at work after the shutdown grace period {}; shutting down under them",
                        node.key(), shutdownGracePeriod);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        factory.shutdown();
        factory.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
        }
        factory = null;
        log.info("node {} stopped polling", node.key());
    }

    @Override
    public synchronized boolean isRunning() {
        return factory != null;
    }
}
