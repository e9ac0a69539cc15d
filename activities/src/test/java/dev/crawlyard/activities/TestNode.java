package dev.crawlyard.activities;

import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dispatch.DispatchActivitiesImpl;
import dev.crawlyard.activities.runs.RunActivitiesImpl;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.workflows.run.RunWorkflowImpl;
import java.time.Duration;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskWorkflowImpl;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A node made of the real activities over the test database, registered on a test environment. */
public final class TestNode {

    /** The waits of the tasks that runs made through {@link RunWorkflowImpl} get: short, for tests. */
    public static final TaskPlanner.Waits WAITS = new TaskPlanner.Waits(Duration.ofSeconds(10), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private TestNode() {
    }

    /**
     * A started real-time test environment (spiders run in real time, so time must not skip)
     * with a node called {@code key}.
     */
    public static TestWorkflowEnvironment realTime(String key, Path workRoot, boolean withNode) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        register(environment, key, workRoot, withNode);
        environment.start();
        return environment;
    }

    /** The same, with a node whose dependency installs behave as {@code install} says. */
    public static TestWorkflowEnvironment realTime(String key, Path workRoot, InstallSettings install) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestDatabase database = TestDatabase.shared();
        register(environment, key, workRoot, true, database.jdbcClient(), database.jdbcTemplate(),
                RunnerSettings.defaults().withHeartbeatInterval(java.time.Duration.ofMillis(500)), install);
        environment.start();
        return environment;
    }

    /**
     * Registers the workflow and finalize on the workflow queue, and a node called {@code key} on
     * the dispatch queue and its own queue. {@code withNode} false leaves the node out, as if no
     * node were there to take the task.
     */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot,
            boolean withNode) {
        TestDatabase database = TestDatabase.shared();
        register(environment, key, workRoot, withNode, database.jdbcClient(), database.jdbcTemplate(),
                RunnerSettings.defaults().withHeartbeatInterval(java.time.Duration.ofMillis(500)));
    }

    /** The same, over another database and with other runner settings. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings) {
        register(environment, key, workRoot, withNode, jdbc, template, settings, InstallSettings.defaults());
    }

    /** The same, with other dependency install settings. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install) {
        TaskStore tasks = new TaskStore(jdbc);
        TaskLogStore logs = new TaskLogStore(jdbc, template);
        AttemptStore attempts = new AttemptStore(jdbc);
        ItemStore items = new ItemStore(jdbc, template);
        LocalNode node = new LocalNode(key, workRoot, "http://127.0.0.1:1");
        Worker workflows = environment.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, RunWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new TaskActivitiesImpl(new TaskEndings(tasks, attempts)),
                new RunActivitiesImpl(new SpiderStore(jdbc), new TaskPlanner(tasks, WAITS)));
        if (!withNode) {
            return;
        }
        RunnerSlots slots = new RunnerSlots(100);
        var dispatch = new DispatchActivitiesImpl(node, tasks, slots);
        var files = new FileActivitiesImpl(node, tasks, slots, new SpiderVersionStore(jdbc), new BlobStore(jdbc));
        environment.newWorker(TaskQueues.DISPATCH).registerActivitiesImplementations(dispatch, files);
        Worker own = environment.newWorker(TaskQueues.node(key));
        own.registerActivitiesImplementations(dispatch, files, new DependencyActivitiesImpl(node, logs, slots, install),
                new ProcessActivitiesImpl(node, tasks, attempts, logs, items, new RunningProcesses(), slots,
                        settings));
    }
}
