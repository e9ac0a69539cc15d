package dev.crawlyard.activities;

import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;

/** A node made of the real activities over the test database, registered on a test environment. */
public final class TestNode {

    private TestNode() {
    }

    /**
     * Registers the workflow and the activities of a node called {@code key} on the shared queue
     * and on the node's own queue. {@code withNode} false registers the workflow and finalize but
     * no node's activities, as if no node were there to take the task.
     */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot,
            boolean withNode) {
        TestDatabase database = TestDatabase.shared();
        TaskStore tasks = new TaskStore(database.jdbcClient());
        TaskLogStore logs = new TaskLogStore(database.jdbcClient(), database.jdbcTemplate());
        LocalNode node = new LocalNode(key, workRoot, "http://127.0.0.1:1");
        Worker shared = environment.newWorker(TaskQueues.SHARED);
        shared.registerWorkflowImplementationTypes(TaskWorkflowImpl.class);
        var finalizer = new TaskActivitiesImpl(tasks);
        if (!withNode) {
            shared.registerActivitiesImplementations(finalizer);
            return;
        }
        var files = new FileActivitiesImpl(node, tasks);
        shared.registerActivitiesImplementations(files, finalizer);
        Worker own = environment.newWorker(TaskQueues.node(key));
        own.registerActivitiesImplementations(files, finalizer, new DependencyActivitiesImpl(),
                new ProcessActivitiesImpl(node, tasks, logs, new RunningProcesses(), RunnerSettings.defaults()));
    }
}
