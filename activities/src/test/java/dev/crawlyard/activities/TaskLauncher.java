package dev.crawlyard.activities;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskStatus;
import dev.crawlyard.workflows.task.TaskWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Creates task rows and starts their workflows the way the API does, for tests. */
public final class TaskLauncher {

    /** Short waits so that tests of stopping do not wait long. */
    public static final TaskPolicy QUICK = new TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(2), null);

    private final WorkflowClient client;
    private final TestRows rows;
    private final TaskStore tasks;
    private final JdbcClient jdbc;

    public TaskLauncher(WorkflowClient client) {
        this(client, TestDatabase.shared().jdbcClient());
    }

    /** A launcher whose task rows are in another database. */
    public TaskLauncher(WorkflowClient client, JdbcClient jdbc) {
        this.client = client;
        this.rows = new TestRows(jdbc);
        this.tasks = new TaskStore(jdbc);
        this.jdbc = jdbc;
    }

    /** A started task and the stub of its workflow. */
    public record Launched(Task task, WorkflowStub workflow) {
    }

    public Launched launch(String command, Map<String, String> files) {
        return launch(command, files, QUICK);
    }

    public Launched launch(String command, Map<String, String> files, TaskPolicy policy) {
        return launch(command, files, policy, ItemPolicy.NONE);
    }

    public Launched launch(String command, Map<String, String> files, TaskPolicy policy, ItemPolicy items) {
        Spider spider = rows.spider(command, files);
        return launch(spider, policy, items);
    }

    /** Runs an existing spider again, as a new task. */
    public Launched launch(Spider spider, TaskPolicy policy, ItemPolicy items) {
        return launch(spider, policy, items, Map.of("greeting", "hello"));
    }

    /** Runs a spider with these run parameters. */
    public Launched launchWithParams(Spider spider, Map<String, String> params) {
        return launch(spider, QUICK, ItemPolicy.NONE, params);
    }

    /** Runs this version of the spider's files (the spider as stored now: its command, its settings). */
    public Launched launchVersion(Spider spider, Integer version) {
        Spider stored = rows.reload(spider);
        return launch(stored, version, QUICK, ItemPolicy.NONE, Map.of());
    }

    private Launched launch(Spider spider, TaskPolicy policy, ItemPolicy items, Map<String, String> params) {
        return launch(spider, spider.currentVersion(), policy, items, params);
    }

    /**
     * Writes the rows the API would write for this run (the task, with the command, parameters,
     * environment and limits it runs with, and the spider's item policy), then starts the workflow
     * with the same, as the API does: nodes refuse a workflow whose input disagrees with the rows.
     */
    private Launched launch(Spider spider, Integer version, TaskPolicy policy, ItemPolicy items,
            Map<String, String> params) {
        Map<String, String> env = Map.of("SPIDER_MOOD", "keen");
        jdbc.sql("UPDATE spiders SET dedup_field = :field, dedup_mode = :mode WHERE id = :id")
                .param("field", items.dedupField())
                .param("mode", items.dedupMode().name().toLowerCase(java.util.Locale.ROOT))
                .param("id", spider.id())
                .update();
        Task task = tasks.create(new NewTask(spider.id(), spider.command(), params, env, policy.runtimeLimit(),
                policy.memoryLimitBytes(), policy.maxAttempts(), DispatchMode.RANDOM, null, false, null, version));
        return start(task, new TaskRequest(task.id(), spider.id(), spider.command(), Map.of(), params, env, policy,
                items, null, version, spider.settings().installCommand()));
    }

    /**
     * Runs {@code command} in a container of {@code spec}, with these files, writing the rows the
     * API would (the task's container among them) before starting the workflow.
     */
    public Launched launchInContainer(String command, Map<String, String> files, TaskPolicy policy,
            ContainerSpec spec) {
        Spider spider = rows.spider(command, files);
        Map<String, String> env = Map.of("SPIDER_MOOD", "keen");
        Task task = tasks.create(new NewTask(spider.id(), spider.command(), Map.of(), env, policy.runtimeLimit(),
                policy.memoryLimitBytes(), policy.maxAttempts(), DispatchMode.RANDOM, null, false, null,
                spider.currentVersion(), null, null, spec));
        return start(task, new TaskRequest(task.id(), spider.id(), spider.command(), Map.of(), Map.of(), env, policy,
                ItemPolicy.NONE, null, spider.currentVersion(), null, null, null, spec));
    }

    /** Starts a task's workflow with this input, whatever the task's row says (as anyone on Temporal could). */
    public Launched start(Task task, TaskRequest request) {
        TaskWorkflow workflow = client.newWorkflowStub(TaskWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(TaskRequest.workflowId(request.taskId()))
                .build());
        WorkflowClient.start(workflow::run, request);
        return new Launched(task, WorkflowStub.fromTyped(workflow));
    }

    public Spider spider(String command, Map<String, String> files) {
        return rows.spider(command, files);
    }

    /** A spider whose dependencies are installed by {@code installCommand}. */
    public Spider spiderInstalledBy(String command, String installCommand, Map<String, String> files) {
        return rows.spider(command, files, new RunSettings(null, 0, 1, null, null, null, installCommand));
    }

    /** A spider whose current version has this manifest, written as is, unchecked. */
    public Spider spiderWithRawManifest(String command, String manifestJson) {
        Spider spider = rows.spider(command);
        jdbc.sql("""
                        INSERT INTO spider_versions (spider_id, version, manifest, total_bytes, file_count)
                        VALUES (:spider, 1, :manifest::jsonb, 0, 0)""")
                .param("spider", spider.id())
                .param("manifest", manifestJson)
                .update();
        jdbc.sql("UPDATE spiders SET current_version = 1 WHERE id = :id").param("id", spider.id()).update();
        // Not read back: reading a spider reads its manifest, and this one is meant to be bad.
        return new Spider(spider.id(), spider.name(), spider.description(), command, 1, Map.of(), spider.env(),
                spider.settings(), spider.createdAt(), spider.updatedAt());
    }

    public Task row(long taskId) {
        return tasks.find(taskId).orElseThrow();
    }

    /** Waits until the task's row is in {@code status}, failing after {@code timeout}. */
    public Task awaitStatus(long taskId, TaskStatus status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Task task = row(taskId);
        while (task.status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " is " + task.status() + ", not " + status
                        + " after " + timeout + ": " + task);
            }
            Thread.sleep(20);
            task = row(taskId);
        }
        return task;
    }
}
