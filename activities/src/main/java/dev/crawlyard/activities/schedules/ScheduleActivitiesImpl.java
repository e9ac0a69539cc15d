package dev.crawlyard.activities.schedules;

import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.planning.TaskPlanner.PlannedTask;
import dev.crawlyard.planning.TaskPlanner.RunPlan;
import dev.crawlyard.planning.schedules.ScheduleBackend;
import dev.crawlyard.store.nodes.Node;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.schedule.FiringTasks;
import dev.crawlyard.workflows.schedule.PauseRequest;
import dev.crawlyard.workflows.schedule.RunOutcome;
import dev.crawlyard.workflows.schedule.ScheduleActivities;
import dev.crawlyard.workflows.schedule.ScheduleHealth;
import dev.crawlyard.workflows.schedule.StartRunRequest;
import dev.crawlyard.workflows.task.TaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A schedule's bookkeeping over the store; the pausing also goes through the schedule's backend. */
public final class ScheduleActivitiesImpl implements ScheduleActivities {

    private static final Logger log = LoggerFactory.getLogger(ScheduleActivitiesImpl.class);

    private final ScheduleStore schedules;
    private final SpiderStore spiders;
    private final TaskStore tasks;
    private final NodeStore nodes;
    private final TaskPlanner planner;
    private final Duration nodeOfflineAfter;
    private final Supplier<ScheduleBackend> backend;
    private final BiConsumer<Schedule, String> autoPaused;

    /**
     * @param nodeOfflineAfter a node that has not reported for this long is offline ("all" skips it)
     * @param backend          the backend, looked up when a schedule pauses itself (it is detected at start)
     */
    /** @param autoPaused told of each schedule that paused itself, with the firing whose run made it */
    public ScheduleActivitiesImpl(ScheduleStore schedules, SpiderStore spiders, TaskStore tasks, NodeStore nodes,
            TaskPlanner planner, Duration nodeOfflineAfter, Supplier<ScheduleBackend> backend,
            BiConsumer<Schedule, String> autoPaused) {
        this.autoPaused = autoPaused;
        this.schedules = schedules;
        this.spiders = spiders;
        this.tasks = tasks;
        this.nodes = nodes;
        this.planner = planner;
        this.nodeOfflineAfter = nodeOfflineAfter;
        this.backend = backend;
    }

    @Override
    public FiringTasks startRun(StartRunRequest request) {
        // A firing's tasks are made in one statement, so those found are all of them.
        List<Task> made = tasks.findByRunKey(request.firing());
        Optional<Schedule> found = schedules.find(request.scheduleId());
        if (!made.isEmpty()) {
            Spider spider = spiders.find(made.getFirst().spiderId()).orElseThrow();
            return new FiringTasks(made.stream().map(task -> planner.requestOf(spider, task)).toList(), null);
        }
        if (found.isEmpty()) {
            return skipped("the schedule was deleted");
        }
        Schedule schedule = found.get();
        if (!schedule.active()) {
            return skipped(schedule.paused() ? "the schedule is paused" : "the schedule is disabled");
        }
        ScheduleSettings settings = schedule.settings();
        Optional<Spider> spider = spiders.find(settings.spiderId());
        if (spider.isEmpty()) {
            return skipped("its spider was deleted");
        }
        RunPlan plan = new RunPlan(settings.params(), settings.env(),
                settings.runtimeLimit(), settings.maxAttempts(), settings.dispatchMode(), settings.reassign(),
                settings.spiderVersion(), schedule.id(), request.firing());
        List<String> targets = targets(settings, planner.containerOf(spider.get(), plan) != null);
        if (targets.isEmpty()) {
            return skipped("no node is online and enabled, so 'all' has nothing to run on");
        }
        List<PlannedTask> planned = planner.create(spider.get(), plan, targets);
        log.info("schedule {} fired: tasks {}", schedule.id(), planned.stream().map(p -> p.task().id()).toList());
        return new FiringTasks(planned.stream().map(PlannedTask::request).toList(), null);
    }

    /** The nodes to make a task for, resolved at fire time; a single null stands for "any node". */
    private List<String> targets(ScheduleSettings settings, boolean container) {
        return switch (settings.dispatchMode()) {
            case RANDOM -> Collections.singletonList(null);
            case SELECTED -> settings.nodes().stream().distinct().toList();
            case ALL -> {
                Instant now = Instant.now();
                yield nodes.list().stream()
                        .filter(node -> node.enabled() && node.onlineAt(now, nodeOfflineAfter))
                        // A container task goes only to nodes that can run it.
                        .filter(node -> !container || node.runsContainers())
                        .map(Node::key)
                        .toList();
            }
        };
    }

    private static FiringTasks skipped(String reason) {
        return new FiringTasks(List.<TaskRequest>of(), reason);
    }

    @Override
    public ScheduleHealth recordOutcome(RunOutcome outcome) {
        return schedules.recordOutcome(outcome.scheduleId(), outcome.firing(), outcome.succeeded())
                .map(s -> new ScheduleHealth(s.consecutiveFailures(), s.settings().autoPauseAfter(), s.paused()))
                // A deleted schedule has nothing left to pause.
                .orElse(new ScheduleHealth(0, Integer.MAX_VALUE, true));
    }

    @Override
    public void pause(PauseRequest request) {
        Optional<Schedule> paused = schedules.setPaused(request.scheduleId(), true, request.note());
        paused.ifPresent(schedule -> {
            backend.get().pauseFromFiring(schedule, request.note());
            // Retried with the activity: the event's id is the firing's, so it is sent once.
            autoPaused.accept(schedule, request.firing() == null ? "unknown" : request.firing());
        });
    }
}
