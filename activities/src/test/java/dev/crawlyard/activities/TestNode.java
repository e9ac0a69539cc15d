package dev.crawlyard.activities;

import dev.crawlyard.activities.artifacts.ArtifactLimits;
import dev.crawlyard.activities.artifacts.OutputArtifacts;
import dev.crawlyard.activities.containers.ContainerSettings;
import dev.crawlyard.activities.containers.DockerEngine;
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
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.artifacts.ArtifactStore;
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
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node made of the real activities over the test database, registered on a test environment.
 * Run as root (as in CI), its spiders run as runner users, as a real node's do.
 */
public final class TestNode {

    /** The waits of the tasks that runs made through {@link RunWorkflowImpl} get: short, for tests. */
    public static final TaskPlanner.Waits WAITS = new TaskPlanner.Waits(Duration.ofSeconds(10), Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    /** Runner users by node key: each holds a block of uids for the test JVM's life, shared by the tests in turn. */
    private static final Map<String, RunnerUsers> USERS = new ConcurrentHashMap<>();
    /** Quick heartbeats, and a one-second notice period so that tests of stopping do not wait long. */
    public static final RunnerSettings RUNNER = RunnerSettings.defaults()
            .withHeartbeatInterval(java.time.Duration.ofMillis(500))
            .withStopNoticePeriod(java.time.Duration.ofSeconds(1));

    /** The machine's Docker engine, if one answers; shared by the tests' nodes as nodes of one machine share it. */
    public static final DockerEngine ENGINE = new DockerEngine(ContainerSettings.defaults());

    private TestNode() {
    }

    /**
     * The node {@code key} with its work root (which is its spider root too) prepared as a node
     * prepares it.
     */
    public static LocalNode node(String key, Path workRoot) {
        RunnerUsers users = USERS.computeIfAbsent(key, ignored -> RunnerUsers.detect(true, RunnerUsers.DEFAULT_UID_BASE));
        LocalNode node = new LocalNode(key, workRoot, workRoot, "http://127.0.0.1:1", users);
        NodeDirectories.prepare(node);
        return node;
    }

    /**
     * Lets spiders write in {@code directory} (mode 0777), for tests whose spiders leave traces
     * outside their workspace: run as runner users, they may write nowhere else.
     */
    public static Path openToSpiders(Path directory) {
        try {
            java.nio.file.Files.setPosixFilePermissions(directory,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            return directory;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
                RUNNER, install);
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
        register(environment, key, workRoot, withNode, database.jdbcClient(), database.jdbcTemplate(), RUNNER);
    }

    /** The same, over another database and with other runner settings. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings) {
        register(environment, key, workRoot, withNode, jdbc, template, settings, InstallSettings.defaults());
    }

    /** The same, with other dependency install settings. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install) {
        register(environment, key, workRoot, withNode, jdbc, template, settings, install, new RunnerSlots(100));
    }

    /** A started real-time test environment with a node whose runners are {@code slots}. */
    public static TestWorkflowEnvironment realTime(String key, Path workRoot, RunnerSlots slots) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestDatabase database = TestDatabase.shared();
        register(environment, key, workRoot, true, database.jdbcClient(), database.jdbcTemplate(), RUNNER,
                InstallSettings.defaults(), slots);
        environment.start();
        return environment;
    }

    /** A started real-time test environment with a node that keeps its disk within {@code limits}. */
    public static TestWorkflowEnvironment realTime(String key, Path workRoot, DiskLimits limits) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestDatabase database = TestDatabase.shared();
        register(environment, key, workRoot, true, database.jdbcClient(), database.jdbcTemplate(), RUNNER,
                InstallSettings.defaults(), new RunnerSlots(100), limits);
        environment.start();
        return environment;
    }

    /** The same, with the node's runners. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install,
            RunnerSlots slots) {
        register(environment, key, workRoot, withNode, jdbc, template, settings, install, slots, DiskLimits.defaults());
    }

    /** The same, with the node's disk limits. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install,
            RunnerSlots slots, DiskLimits limits) {
        register(environment, key, workRoot, withNode, jdbc, template, settings, install, slots, limits,
                ArtifactLimits.defaults());
    }

    /** The same, with the limits on what a run keeps of its output directory. */
    public static void register(TestWorkflowEnvironment environment, String key, Path workRoot, boolean withNode,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install,
            RunnerSlots slots, DiskLimits limits, ArtifactLimits artifactLimits) {
        TaskStore tasks = new TaskStore(jdbc);
        AttemptStore attempts = new AttemptStore(jdbc);
        SpiderStateStore states = new SpiderStateStore(jdbc);
        Worker workflows = environment.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(TaskWorkflowImpl.class, RunWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new TaskActivitiesImpl(new TaskEndings(tasks, attempts), tasks,
                states),
                new RunActivitiesImpl(new SpiderStore(jdbc), new TaskPlanner(tasks, WAITS),
                        environment.getWorkflowClient()));
        if (withNode) {
            WorkerFactory factory = environment.getWorkerFactory();
            registerNode(factory, factory, key, workRoot, jdbc, template, settings, install, slots, limits,
                    artifactLimits);
        }
    }

    /**
     * A node called {@code key} with runners {@code slots}, and no workflow worker: a node beside
     * others. Its dispatch-queue worker is in {@code dispatchQueue}, the worker of its own queue in
     * {@code ownQueue} (they may be one factory): a factory has one worker per queue, and every node
     * polls the dispatch queue. The caller starts and shuts the factories down.
     */
    public static void registerNode(WorkerFactory dispatchQueue, WorkerFactory ownQueue, String key, Path workRoot,
            RunnerSlots slots, InstallSettings install) {
        TestDatabase database = TestDatabase.shared();
        registerNode(dispatchQueue, ownQueue, key, workRoot, database.jdbcClient(), database.jdbcTemplate(), RUNNER,
                install, slots, DiskLimits.defaults(), ArtifactLimits.defaults());
    }

    /** The node's part of {@link #register}: its workers on the dispatch queue and its own queue. */
    private static void registerNode(WorkerFactory dispatchQueue, WorkerFactory ownQueue, String key, Path workRoot,
            JdbcClient jdbc, JdbcTemplate template, RunnerSettings settings, InstallSettings install,
            RunnerSlots slots, DiskLimits limits, ArtifactLimits artifactLimits) {
        TaskStore tasks = new TaskStore(jdbc);
        TaskLogStore logs = new TaskLogStore(jdbc, template);
        AttemptStore attempts = new AttemptStore(jdbc);
        SpiderStateStore states = new SpiderStateStore(jdbc);
        ItemStore items = new ItemStore(jdbc, template);
        LocalNode node = node(key, workRoot);
        TaskInputs inputs = new TaskInputs(tasks, new SpiderStore(jdbc));
        var dispatch = new DispatchActivitiesImpl(node, tasks, inputs, slots);
        var files = new FileActivitiesImpl(node, tasks, attempts, inputs, slots, new SpiderVersionStore(jdbc),
                new BlobStore(jdbc), limits);
        dispatchQueue.newWorker(TaskQueues.DISPATCH).registerActivitiesImplementations(dispatch, files);
        Worker own = ownQueue.newWorker(TaskQueues.node(key));
        own.registerActivitiesImplementations(dispatch, files,
                new DependencyActivitiesImpl(node, inputs, logs, attempts, slots, install, limits),
                new ProcessActivitiesImpl(node, tasks, inputs, attempts, logs, items, new RunningProcesses(), slots,
                        settings, new OutputArtifacts(new ArtifactStore(jdbc), new BlobStore(jdbc), logs, artifactLimits),
                        ENGINE, states));
        // Like a real node, this one takes container tasks only when its engine answers.
        if (ENGINE.version().isPresent()) {
            dispatchQueue.newWorker(TaskQueues.CONTAINER_DISPATCH).registerActivitiesImplementations(dispatch);
        }
    }
}
