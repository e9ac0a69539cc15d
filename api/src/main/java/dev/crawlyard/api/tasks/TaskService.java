package dev.crawlyard.api.tasks;

import dev.crawlyard.api.containers.ContainerRequest;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.planning.TaskSettings;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Attempt;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskFilter;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.store.nodes.Node;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskWorkflow;
import dev.crawlyard.workflows.run.RunOrder;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts, lists, reads and cancels tasks. A run's tasks are made by its workflow ({@link RunStarter});
 * the api reads tasks and asks their workflows to cancel, and writes no task's status.
 */
@Service
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);
    private static final int MAX_LOG_PAGE = 5000;
    private static final int MAX_KEY_LENGTH = 200;

    private final SpiderService spiders;
    private final TaskStore tasks;
    private final TaskLogStore logs;
    private final AttemptStore attemptStore;
    private final NodeStore nodes;
    private final WorkflowClient temporal;
    private final TaskPlanner planner;
    private final TaskSettings settings;
    private final SpiderVersionStore versions;
    private final RunStarter runs;

    TaskService(SpiderService spiders, TaskStore tasks, TaskLogStore logs, AttemptStore attemptStore,
            NodeStore nodes, WorkflowClient temporal, TaskPlanner planner, TaskSettings settings,
            SpiderVersionStore versions, RunStarter runs) {
        this.spiders = spiders;
        this.tasks = tasks;
        this.logs = logs;
        this.attemptStore = attemptStore;
        this.nodes = nodes;
        this.temporal = temporal;
        this.planner = planner;
        this.settings = settings;
        this.versions = versions;
        this.runs = runs;
    }

    /** The tasks one run request made: one, or one a node, sharing a group id. */
    public record Run(DispatchMode mode, UUID groupId, List<Task> tasks) {
    }

    /**
     * Makes the tasks a run request asks for and starts their workflows, all of them or none: one for
     * any node (random), one for each listed node (selected), or one for each node online and enabled
     * now (all). A request with the {@code key} of an earlier one gets that one's tasks.
     */
    public Run run(String spiderRef, RunSpiderRequest request, String key) {
        Spider spider = spiders.find(spiderRef);
        FieldErrors errors = RunRequests.check(request);
        DispatchMode mode = DispatchMode.RANDOM;
        if (request.mode() != null) {
            try {
                mode = DispatchMode.fromWireName(request.mode());
            } catch (IllegalArgumentException e) {
                errors.add("mode", "must be random, selected or all");
            }
        }
        errors.require(mode == DispatchMode.SELECTED || request.nodes().isEmpty(), "nodes",
                "is only for mode 'selected'");
        errors.require(mode != DispatchMode.SELECTED || !request.nodes().isEmpty(), "nodes",
                "mode 'selected' needs the keys of the nodes to run on");
        Integer version = request.version() == null ? spider.currentVersion() : request.version();
        errors.require(request.version() == null || request.version() < 1
                        || versions.find(spider.id(), request.version()).isPresent(),
                "version", "spider '" + spider.name() + "' has no version " + request.version());
        ContainerSpec asked = ContainerRequest.check("container", request.container(), errors);
        errors.require(request.container() == null || spider.type() == dev.crawlyard.workflows.task.SpiderType.COMMAND,
                "container", "a built-in type runs the node's own program, not in a container");
        errors.require(key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        errors.throwIfAny();
        Duration limit = request.runtimeLimitSeconds() == null ? null : Duration.ofSeconds(request.runtimeLimitSeconds());
        List<String> targets = targets(mode, request.nodes(), planner.containerOf(spider, asked) != null);
        List<Task> created = runs.start(new RunOrder(spider.id(), request.params(), request.env(), limit,
                request.maxAttempts(), mode, request.reassign(), version, targets, asked), key);
        return new Run(mode, created.getFirst().groupId(), created);
    }

    /** The nodes to make a task for, one each; none for one task on any node. */
    private List<String> targets(DispatchMode mode, List<String> selected, boolean container) {
        return switch (mode) {
            case RANDOM -> List.of();
            case SELECTED -> {
                List<String> unknown = selected.stream().filter(key -> nodes.find(key).isEmpty()).toList();
                if (!unknown.isEmpty()) {
                    throw ApiException.invalid(List.of(new dev.crawlyard.api.errors.ApiError.FieldError("nodes",
                            "unknown node keys " + unknown + "; GET /api/nodes lists the nodes")));
                }
                List<String> cannot = container ? selected.stream().distinct()
                        .filter(key -> !nodes.find(key).orElseThrow().runsContainers()).toList() : List.of();
                if (!cannot.isEmpty()) {
                    throw ApiException.invalid(List.of(new dev.crawlyard.api.errors.ApiError.FieldError("nodes",
                            "nodes " + cannot + " have no container engine, so they cannot run this spider's container;"
                                    + " GET /api/nodes shows each node's capabilities")));
                }
                yield selected.stream().distinct().toList();
            }
            case ALL -> {
                Instant now = Instant.now();
                List<String> live = nodes.list().stream()
                        .filter(node -> node.enabled() && node.onlineAt(now, settings.nodeOfflineAfter()))
                        // A container task goes only to nodes that can run it.
                        .filter(node -> !container || node.runsContainers())
                        .map(Node::key)
                        .toList();
                if (live.isEmpty()) {
                    throw ApiException.conflict("no node is online and enabled" + (container
                            ? " with a container engine" : "") + ", so 'all' has nothing to run on");
                }
                yield live;
            }
        };
    }

    /** The task's runs, in order. */
    public List<Attempt> attempts(long id) {
        return attemptStore.list(id);
    }

    public Task get(long id) {
        return tasks.find(id).orElseThrow(() -> ApiException.notFound("no task with id " + id));
    }

    public Page<Task> list(String spiderRef, String status, int page, int size) {
        return list(spiderRef, status, null, page, size);
    }

    /** Tasks of a spider, in a status, made by a schedule; a null or blank filter does not filter. */
    public Page<Task> list(String spiderRef, String status, Long scheduleId, int page, int size) {
        new FieldErrors().text("spider", spiderRef, 200).text("status", status, 50).throwIfAny();
        Long spiderId = null;
        if (spiderRef != null && !spiderRef.isBlank()) {
            var spider = spiders.findOrNull(spiderRef.trim());
            if (spider.isEmpty()) {
                return new Page<>(List.of(), page, size, 0);
            }
            spiderId = spider.get().id();
        }
        return tasks.list(new TaskFilter(spiderId, parseStatus(status), scheduleId), page, size);
    }

    /** A page of the task's log: of its last attempt, of attempt {@code attempt}, or of every attempt. */
    public LogPage logs(long taskId, long after, int limit, Integer attempt, String attempts) {
        new FieldErrors()
                .require(after >= 0, "after", "must be 0 or more")
                .require(limit >= 1 && limit <= MAX_LOG_PAGE, "limit", "must be between 1 and " + MAX_LOG_PAGE)
                .throwIfAny();
        // Read the task before the lines: if it had ended by then, its log was complete too.
        Task task = get(taskId);
        AttemptChoice choice = AttemptChoice.of(task, attempt, attempts);
        boolean ended = task.status().isTerminal()
                || (choice.attempt() != null && choice.attempt() < task.attempt());
        List<LogLine> page = logs.page(taskId, choice.attempt(), after, limit);
        long next = page.isEmpty() ? after : page.getLast().seq();
        List<LogPage.Line> lines = page.stream()
                .map(l -> new LogPage.Line(l.seq(), l.ts(), l.stream().wireName(), l.line()))
                .toList();
        return new LogPage(taskId, lines, next, ended && page.size() < limit);
    }

    /**
     * Asks the task's workflow to cancel; the workflow stops the process and records the outcome. A
     * live task whose workflow Temporal does not know (its run is still starting it, or the Temporal
     * server lost its state) gets its workflow started from its row first, so that the cancel is
     * the workflow's to carry out too: the api never writes a task's status.
     */
    public Task cancel(long id) {
        Task task = get(id);
        if (task.status().isTerminal()) {
            throw ApiException.conflict("task " + id + " has already ended (" + task.status().wireName()
                    + "); only a pending, preparing or running task can be cancelled");
        }
        tasks.recordCancelRequest(id);
        try {
            temporal.newUntypedWorkflowStub(TaskRequest.workflowId(id)).cancel();
        } catch (WorkflowNotFoundException e) {
            startWorkflowOf(task);
            temporal.newUntypedWorkflowStub(TaskRequest.workflowId(id)).cancel();
        }
        return get(id);
    }

    /** Starts the workflow of a live task that has none, from its row; one started meanwhile is kept. */
    private void startWorkflowOf(Task task) {
        TaskRequest request = planner.requestOf(spiders.find(Long.toString(task.spiderId())), task);
        try {
            WorkflowClient.start(temporal.newWorkflowStub(TaskWorkflow.class,
                    TaskRequest.startOptions(task.id()))::run, request);
            log.warn("task {} was live with no workflow; started it to carry out the cancel", task.id());
        } catch (WorkflowExecutionAlreadyStarted e) {
            log.debug("the workflow of task {} started meanwhile", task.id());
        }
    }

    /** Deletes an ended task's items and log lines. */
    public void deleteData(long id) {
        Task task = get(id);
        if (!tasks.deleteData(id)) {
            throw ApiException.conflict("task " + id + " has not ended (" + get(id).status().wireName()
                    + "); cancel it first, or wait until it ends, to delete its items and log");
        }
        log.info("deleted the items and log of task {} (spider {})", id, task.spiderId());
    }

    private static TaskStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.fromWireName(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new dev.crawlyard.api.errors.ApiError.FieldError("status",
                    "'" + status + "' is not a status; use one of " + java.util.Arrays.stream(TaskStatus.values())
                            .map(TaskStatus::wireName).toList().toString().toLowerCase(Locale.ROOT))));
        }
    }
}
