package dev.crawlyard.activities.tasks;

import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.files.SyncRequest;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rows the API wrote are the authority on what a task runs, not the workflow's input: anyone
 * who reaches Temporal can start a {@code task-<id>} workflow on the platform's queues with a
 * command of their own. Before a node syncs, installs or runs anything for a task, the step's
 * input is held against the task's row and its spider's row (command, parameters, environment,
 * limits, version, install command, item policy), and a step that disagrees is refused with a
 * non-retryable failure that ends the task in error, its command never run.
 */
public final class TaskInputs {

    /** The variables a dependency install may hand the spider, each a path under the node's environments. */
    private static final Set<String> DEPENDENCY_VARIABLES = Set.of("PATH", "NODE_PATH", "VIRTUAL_ENV",
            "CRAWLYARD_ENV_DIR");

    private final TaskStore tasks;
    private final SpiderStore spiders;

    public TaskInputs(TaskStore tasks, SpiderStore spiders) {
        this.tasks = tasks;
        this.spiders = spiders;
    }

    /** Refuses a claim of a task that the API did not make. */
    public Task checkClaim(long taskId) {
        return row(taskId);
    }

    /** Refuses a sync whose spider, version or files are not the task's. */
    public Task checkSync(SyncRequest request) {
        Task task = row(request.taskId());
        List<String> differences = new ArrayList<>();
        compare(differences, "spider", task.spiderId(), request.spiderId());
        compare(differences, "spider version", task.spiderVersion(), request.spiderVersion());
        if (!request.files().isEmpty()) {
            differences.add("inline files (the API sends none)");
        }
        refuseIf(request.taskId(), differences);
        return task;
    }

    /** Refuses an install whose command or environment are not the task's. */
    public void checkInstall(InstallRequest request) {
        Task task = row(request.taskId());
        List<String> differences = new ArrayList<>();
        compare(differences, "environment", task.env(), request.env());
        compare(differences, "install command", spiderOf(task).settings().installCommand(), request.installCommand());
        refuseIf(request.taskId(), differences);
    }

    /**
     * Refuses a run whose command, parameters, environment, limits, item policy or workspace are
     * not the task's, or whose dependency variables point anywhere but the node's environments; and
     * a run of an attempt that is no longer the task's on this node (its workflow took it for lost
     * and sent the task elsewhere, and the step reached the node late), so a spider never runs twice.
     */
    public void checkRun(RunRequest request, String nodeKey, Path workspace, Path environments) {
        Task task = row(request.taskId());
        if (task.attempt() != request.attempt() || !nodeKey.equals(task.nodeKey())) {
            throw ApplicationFailure.newNonRetryableFailure("refused: attempt " + request.attempt() + " of task "
                    + task.id() + " is no longer this node's (the task's attempt " + task.attempt() + " is on node "
                    + task.nodeKey() + "); nothing runs", ErrorKind.SYSTEM.name());
        }
        RunSettings settings = spiderOf(task).settings();
        List<String> differences = new ArrayList<>();
        compare(differences, "spider", task.spiderId(), request.spiderId());
        compare(differences, "command", task.command(), request.command());
        compare(differences, "parameters", task.params(), request.params());
        compare(differences, "environment", task.env(), request.env());
        compare(differences, "runtime limit", task.runtimeLimit(), request.policy().runtimeLimit());
        compare(differences, "memory limit", task.memoryLimitBytes(), request.policy().memoryLimitBytes());
        compare(differences, "item policy", new ItemPolicy(settings.dedupField(), settings.dedupMode()), request.items());
        compare(differences, "container", task.container(), request.container());
        if (!Path.of(request.workspace()).normalize().equals(workspace.normalize())) {
            differences.add("workspace");
        }
        request.dependencyEnv().forEach((name, value) -> {
            if (!DEPENDENCY_VARIABLES.contains(name) || !underEnvironments(value, environments)) {
                differences.add("dependency variable " + name);
            }
        });
        refuseIf(request.taskId(), differences);
    }

    private Task row(long taskId) {
        return tasks.find(taskId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("there is no task "
                + taskId + ": its workflow was not started by the Crawlyard API, so nothing of it runs",
                ErrorKind.CONFIG.name()));
    }

    private Spider spiderOf(Task task) {
        return spiders.find(task.spiderId()).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "task " + task.id() + "'s spider " + task.spiderId() + " is gone", ErrorKind.CONFIG.name()));
    }

    private static boolean underEnvironments(String value, Path environments) {
        for (String entry : value.split(":")) {
            Path path = Path.of(entry).normalize();
            if (!path.isAbsolute() || !path.startsWith(environments.normalize())) {
                return false;
            }
        }
        return true;
    }

    private static void compare(List<String> differences, String what, Object stored, Object asked) {
        if (!Objects.equals(stored, asked)) {
            differences.add(what);
        }
    }

    private static void refuseIf(long taskId, List<String> differences) {
        if (!differences.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("refused: this workflow asks for another "
                    + String.join(", ", differences) + " than task " + taskId + " was created with; a workflow not"
                    + " started by the Crawlyard API runs nothing", ErrorKind.CONFIG.name());
        }
    }
}
