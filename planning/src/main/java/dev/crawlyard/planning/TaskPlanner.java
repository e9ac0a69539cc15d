package dev.crawlyard.planning;

import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.Dispatch;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a spider and a run's overrides into task rows and their workflow inputs. Runs by hand (the
 * API) and runs by a schedule (its firing activity) both go through here, so that they make the
 * same tasks from the same settings.
 */
public final class TaskPlanner {

    /** The platform's waits and limits, the same for every task. */
    public record Waits(Duration nodeWait, Duration stopGracePeriod, Duration heartbeatTimeout, int maxLostNodes) {

        /** With the default limit of lost nodes. */
        public Waits(Duration nodeWait, Duration stopGracePeriod, Duration heartbeatTimeout) {
            this(nodeWait, stopGracePeriod, heartbeatTimeout, TaskPolicy.DEFAULT_MAX_LOST_NODES);
        }
    }

    /**
     * A run's overrides of the spider's settings.
     *
     * @param params       parameters for the run
     * @param env          environment over the spider's own
     * @param runtimeLimit the runtime limit, or null for the spider's
     * @param maxAttempts  the attempts, or null for the spider's
     * @param mode         how the run chose its nodes
     * @param reassign     a pinned task may move to another node
     * @param version      the version of the spider's files, or null for its current one
     * @param scheduleId   the schedule that fired, or null
     * @param runKey       the run request or firing the tasks are made for, or null for tasks of no run
     * @param container    the container to run in, or null for the spider's (a process when it has none)
     */
    public record RunPlan(Map<String, String> params, Map<String, String> env, Duration runtimeLimit,
            Integer maxAttempts, DispatchMode mode, boolean reassign, Integer version, Long scheduleId,
            String runKey, ContainerSpec container) {

        /** A plan that runs in the spider's own container, if it has one. */
        public RunPlan(Map<String, String> params, Map<String, String> env, Duration runtimeLimit,
                Integer maxAttempts, DispatchMode mode, boolean reassign, Integer version, Long scheduleId,
                String runKey) {
            this(params, env, runtimeLimit, maxAttempts, mode, reassign, version, scheduleId, runKey, null);
        }
    }

    /** A task row and the input of its workflow. */
    public record PlannedTask(Task task, TaskRequest request) {
    }

    private final TaskStore tasks;
    private final Waits waits;

    public TaskPlanner(TaskStore tasks, Waits waits) {
        this.tasks = tasks;
        this.waits = waits;
    }

    /** The container a run of the spider with this plan runs in, or null for a process. */
    public ContainerSpec containerOf(Spider spider, RunPlan plan) {
        return containerOf(spider, plan.container());
    }

    /** The container a run of the spider runs in when it asks for {@code asked} (or null), or null for a process. */
    public ContainerSpec containerOf(Spider spider, ContainerSpec asked) {
        return asked != null ? asked : spider.container();
    }

    /**
     * Creates one task for each target node (a null target is any node), all of them or none; the
     * tasks of a run for several nodes share a group id. A run whose tasks exist already (a retried
     * request or firing, by its run key) gets them back and nothing more is made.
     */
    public List<PlannedTask> create(Spider spider, RunPlan plan, List<String> targets) {
        Integer version = plan.version() == null ? spider.currentVersion() : plan.version();
        Map<String, String> env = new HashMap<>(spider.env());
        env.putAll(plan.env());
        RunSettings settings = spider.settings();
        Duration limit = plan.runtimeLimit() == null ? settings.runtimeLimit() : plan.runtimeLimit();
        int attempts = plan.maxAttempts() == null ? settings.maxAttempts() : plan.maxAttempts();
        UUID group = plan.mode() == DispatchMode.RANDOM ? null : UUID.randomUUID();
        ContainerSpec container = containerOf(spider, plan);
        List<NewTask> run = new ArrayList<>();
        for (String node : targets) {
            run.add(new NewTask(spider.id(), spider.command(), plan.params(), env, limit, settings.memoryLimitBytes(),
                    attempts, plan.mode(), node, plan.reassign(), group, version, plan.scheduleId(), plan.runKey(),
                    container));
        }
        List<Task> made = tasks.createRun(plan.runKey(), run);
        return made.stream()
                .map(task -> new PlannedTask(task, requestOf(spider, task)))
                .toList();
    }

    /** The workflow input of a task row made by {@link #create}. */
    public TaskRequest requestOf(Spider spider, Task task) {
        TaskPolicy policy = new TaskPolicy(task.runtimeLimit(), task.memoryLimitBytes(), task.maxAttempts(),
                spider.settings().retryBackoff(), waits.nodeWait(), waits.stopGracePeriod(),
                waits.heartbeatTimeout(), waits.maxLostNodes());
        return requestOf(spider, task, policy, task.container());
    }

    private static TaskRequest requestOf(Spider spider, Task task, TaskPolicy policy, ContainerSpec container) {
        RunSettings settings = spider.settings();
        return new TaskRequest(task.id(), spider.id(), task.command(), Map.of(), task.params(), task.env(), policy,
                new ItemPolicy(settings.dedupField(), settings.dedupMode()),
                new Dispatch(task.pinnedNode(), task.reassign()), task.spiderVersion(), settings.installCommand(),
                spider.type().wireName(), spider.config(), container);
    }
}
