package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.Heartbeater;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.NodeStop;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.artifacts.OutputArtifacts;
import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.state.SpiderState;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskProgress;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.processes.ProcessEnd;
import dev.crawlyard.workflows.processes.ProcessResult;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.processes.StopRequest;
import dev.crawlyard.workflows.processes.StopResult;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs spider processes on this node and stops them on request. */
public final class ProcessActivitiesImpl implements ProcessActivities {

    private static final Logger log = LoggerFactory.getLogger(ProcessActivitiesImpl.class);

    /** How long a stop request waits for the run activity to store the stopped spider's last output. */
    private static final Duration STORE_AFTER_STOP = Duration.ofSeconds(20);

    private final LocalNode node;
    private final TaskStore tasks;
    private final TaskInputs inputs;
    private final AttemptStore attempts;
    private final TaskLogStore logs;
    private final ItemStore items;
    private final RunningProcesses running;
    private final RunnerSlots slots;
    private final RunnerSettings settings;
    private final OutputArtifacts artifacts;
    private final DockerEngine engine;
    private final SpiderStateStore states;
    private final TaskObserver observer;

    public ProcessActivitiesImpl(LocalNode node, TaskStore tasks, TaskInputs inputs, AttemptStore attempts,
            TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots, RunnerSettings settings,
            OutputArtifacts artifacts, DockerEngine engine, SpiderStateStore states) {
        this(node, tasks, inputs, attempts, logs, items, running, slots, settings, artifacts, engine, states,
                TaskObserver.NONE);
    }

    /** With an observer told when a task's process has started and the task shows running. */
    public ProcessActivitiesImpl(LocalNode node, TaskStore tasks, TaskInputs inputs, AttemptStore attempts,
            TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots, RunnerSettings settings,
            OutputArtifacts artifacts, DockerEngine engine, SpiderStateStore states, TaskObserver observer) {
        this.node = node;
        this.inputs = inputs;
        this.tasks = tasks;
        this.attempts = attempts;
        this.logs = logs;
        this.items = items;
        this.running = running;
        this.slots = slots;
        this.settings = settings;
        this.artifacts = artifacts;
        this.engine = engine;
        this.states = states;
        this.observer = observer;
    }

    @Override
    public ProcessResult runProcess(RunRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            inputs.checkRun(request, node.key(), node.workspace(request.taskId()), node.environments());
            if (slots.stopping() && !slots.holds(request.taskId())) {
                // Its runner was given back by an earlier step's stop: there is no runner to run as.
                throw NodeStop.handBack(attempts, slots, node.key(), request.taskId(), request.attempt(), false,
                        "its spider was not started");
            }
            Runner runner = Runner.of(node, slots, request.taskId());
            boolean leftoversKilled = false;
            try {
                ProcessResult result = runHoldingRunner(request, runner);
                // Nothing of the spider runs any more: its output directory holds what it left.
                leftoversKilled = runner.killLeftovers();
                artifacts.keepOrFail(request.taskId(), request.attempt(),
                        node.runDirectory(request.taskId()).resolve("output"));
                return result;
            } finally {
                // Whatever the spider started is gone before its runner (and its user) serves another
                // task, and nothing of this task is left for the runner's user to read. Once none is
                // left, nothing can start another process as the runner's user: one look at every
                // process on the machine is enough.
                if (!leftoversKilled) {
                    runner.killLeftovers();
                }
                takeBack(runner, request.taskId());
            }
        } finally {
            slots.release(request.taskId());
        }
    }

    private void takeBack(Runner runner, long taskId) {
        try {
            runner.takeBack(node.workspace(taskId), node.runDirectory(taskId));
        } catch (IOException e) {
            log.warn("could not take the task's directories back from its runner user: {}", e.getMessage());
        }
    }

    private ProcessResult runHoldingRunner(RunRequest request, Runner runner) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        // No process starts without a runner: the one its claim took, kept through every retry of
        // the steps before it.
        switch (slots.beginRun(request.taskId())) {
            case STOPPING -> // The node began to stop after this task's earlier steps: nothing starts here any more.
                    throw NodeStop.handBack(attempts, slots, node.key(), request.taskId(), request.attempt(), false,
                            "its spider was not started");
            case NO_RUNNER -> throw ApplicationFailure.newNonRetryableFailure("node " + node.key()
                    + " has no runner for task " + request.taskId() + ": its claim lapsed and the node is full",
                    ErrorKind.SYSTEM.name());
            case BEGUN -> { }
        }
        String taskToken = tasks.issueTaskToken(request.taskId());
        // Its runner counts as started since beginRun: whether or not a process starts now.
        RunningSpider spider = start(request, taskToken, runner).orElse(null);
        if (spider == null) {
            log.info("not starting: the task was stopped before its process started");
            return new ProcessResult(ProcessEnd.STOPPED, -1, StopMode.NONE, 0, 0);
        }
        try {
            return watch(request, spider, context);
        } catch (RuntimeException e) {
            // Whatever went wrong (a database error, the attempt given up on), the process must
            // not outlive the activity that owns it.
            stop(spider.group(), request);
            throw e;
        } finally {
            running.remove(request.taskId());
            spider.group().close();
            spider.markDone();
        }
    }

    /** The run's failure when this node stops under it, once its spider is stopped: see {@link NodeStop}. */
    private ApplicationFailure nodeStopped(RunRequest request, StopMode mode) {
        return NodeStop.stoppedRun(attempts, node.key(), request.taskId(), request.attempt(),
                "its spider was stopped (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private StopMode stop(SpiderProcess group, RunRequest request) {
        return group.stop(settings.stopNoticePeriod(), request.policy().stopGracePeriod());
    }

    private Optional<RunningSpider> start(RunRequest request, String taskToken, Runner runner) {
        // Each attempt starts from the state the spider's last successful run saved.
        String state = states.find(request.spiderId()).map(SpiderState::json).orElse(null);
        if (request.container() != null) {
            return ContainerLaunch.startOrFail(engine, running, node, request, taskToken, runner, state);
        }
        try {
            Map<String, String> env = SpiderEnvironment.prepare(node, request, taskToken, runner, state);
            return running.start(request.taskId(), () -> ProcessGroup.start(request.command(), runner,
                    Path.of(request.workspace()), env, request.policy().memoryLimitBytes(), node.processLedger()));
        } catch (IOException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "could not start the spider's command: " + e.getMessage(), ErrorKind.CONFIG.name());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the spider's process", e);
        }
    }

    private ProcessResult watch(RunRequest request, RunningSpider spider, ActivityExecutionContext context) {
        SpiderProcess group = spider.group();
        Process process = group.process();
        OutputSpool spool = openSpool(request);
        spider.spooling(spool);
        IpcParser parser = new IpcParser(request.items().dedupField());
        OutputSink sink = new OutputSink(spool, logs, items, parser,
                request.taskId(), request.attempt(), request.spiderId(), request.items().dedupMode(),
                settings.outputBatchSize());
        SpiderOutput output = new SpiderOutput(group, spool, sink, settings);
        // Lines stored only after a repair (split, invalid UTF-8, NUL, values out of range) are warnings too.
        LongSupplier repaired = () -> output.repairedLines() + parser.repairedLines();
        // The attempt is on record since its claim (TaskStore.claim), on this node: the run step is
        // never retried within an attempt, so there is nothing to record again before running.
        try {
            Task runningTask = tasks.transition(request.taskId(), TaskStatus.RUNNING, TaskChange.onNode(node.key()));
            tellStarted(runningTask);
        } catch (IllegalTransitionException e) {
            // The task ended (it was cancelled) while its process was being started.
            log.info("the task ended as its process started; stopping it: {}", e.getMessage());
            StopMode mode = stop(group, request);
            output.finish();
            attempts.end(request.taskId(), request.attempt(), "stopped", null, null);
            return new ProcessResult(ProcessEnd.STOPPED, -1, mode, sink.counters().logLines(), sink.counters().items());
        }
        log.info("attempt {} started pid {}: {}", request.attempt(), group.pid(), request.command());
        if (request.container() == null && request.policy().memoryLimitBytes() > 0 && !ProcessGroup.canLimitMemory()) {
            log.warn("the memory limit is not enforced: prlimit(1) is missing on this node");
        }

        long started = System.nanoTime();
        Duration limit = request.policy().runtimeLimit();
        boolean timedOut = false;
        boolean nodeStopping = false;
        try {
            while (!waitFor(process, settings.heartbeatInterval())) {
                if (slots.stopping()) {
                    // Stopped here while the node's worker still heartbeats and reports for it (NodeWorkers).
                    nodeStopping = true;
                    log.info("stopping the spider: this node is stopping");
                    break;
                }
                if (request.policy().hasRuntimeLimit() && System.nanoTime() - started >= limit.toNanos()) {
                    timedOut = true;
                    log.info("runtime limit {} reached; stopping", limit);
                    break;
                }
                if (sink.failure() != null) {
                    log.info("stopping the spider: its output can no longer be stored");
                    break;
                }
                report(request.taskId(), sink.counters(), repaired.getAsLong(), context);
            }
        } catch (ActivityCompletionException e) {
            // The workflow was cancelled, this attempt was given up on, or this node's worker is
            // shutting down (its stop did not wait for this run): the process must not outlive it.
            log.info("stopping the process: {}", e.getClass().getSimpleName());
            StopMode mode = stop(group, request);
            output.finish();
            if (e instanceof ActivityWorkerShutdownException && !spider.stopRequested()) {
                throw nodeStopped(request, mode);
            }
            throw e;
        }
        // Stopping the spider and storing the last of its output can take longer than the
        // heartbeat timeout: heartbeat meanwhile, so that this live node is not taken for lost.
        try (Heartbeater ignored = Heartbeater.start(context, () -> progressDetails(sink.counters()), () -> { })) {
            if (process.isAlive()) {
                stop(group, request);
            }
            waitFor(process, request.policy().stopGracePeriod().plusSeconds(5));
            output.finish();
        }
        // A spider that ended by itself just as the node began to stop ended as it would have anyway.
        if (nodeStopping && !spider.stopRequested() && group.stopMode() != null && group.stopMode() != StopMode.NONE) {
            throw nodeStopped(request, group.stopMode());
        }
        return ended(request, spider, sink, timedOut, repaired.getAsLong());
    }

    /** Records how the attempt ended and says so to the workflow. */
    private ProcessResult ended(RunRequest request, RunningSpider spider, OutputSink sink, boolean timedOut,
            long repairedLines) {
        SpiderProcess group = spider.group();
        int exitCode = group.process().exitValue();
        OutputSink.Counters counters = sink.counters();
        tasks.updateProgress(request.taskId(), progressOf(counters, repairedLines));
        if (sink.failure() != null) {
            attempts.end(request.taskId(), request.attempt(), "failed", null, sink.failure().getMessage());
            throw ApplicationFailure.newNonRetryableFailure(sink.failure().getMessage(), ErrorKind.SYSTEM.name());
        }
        StopMode stopMode = group.stopMode() == null ? StopMode.NONE : group.stopMode();
        ProcessEnd end = spider.stopRequested() ? ProcessEnd.STOPPED
                : timedOut ? ProcessEnd.TIMED_OUT : ProcessEnd.EXITED;
        ExitReading reading = end != ProcessEnd.EXITED || exitCode == 0 ? null
                : group instanceof ContainerRun container
                        ? ContainerLaunch.reading(container, exitCode, sink.outOfMemoryLine(), request)
                        : ExitReading.of(exitCode, sink.outOfMemoryLine(), request.policy().memoryLimitBytes());
        if (end == ProcessEnd.EXITED && exitCode == 0 && sink.state() != null) {
            // Kept on the attempt; the task's finalize saves it as the spider's if the task ends finished.
            states.recordAttemptState(request.taskId(), request.attempt(), sink.state());
        }
        attempts.end(request.taskId(), request.attempt(), end.name().toLowerCase(java.util.Locale.ROOT),
                end == ProcessEnd.EXITED ? exitCode : null, reading == null ? null : reading.message());
        log.info("attempt {} ended {} with exit code {} ({} log lines, {} items){}", request.attempt(), end, exitCode,
                counters.logLines(), counters.items(), reading == null ? "" : ": " + reading.message());
        return new ProcessResult(end, exitCode, stopMode, counters.logLines(), counters.items(),
                reading == null ? null : reading.kind(), reading == null ? null : reading.message());
    }

    /** A start that cannot be announced (the database blinked) does not stop the spider: it is only logged. */
    private void tellStarted(Task task) {
        try {
            observer.started(task);
        } catch (RuntimeException e) {
            log.warn("could not announce the start of the task: {}", e.toString());
        }
    }

    private OutputSpool openSpool(RunRequest request) {
        Path path = node.spools().resolve(request.taskId() + "-" + request.attempt() + ".spool");
        // The spider's lines follow what the dependency install logged for this attempt, if anything.
        long firstSeq = logs.lastSeq(request.taskId(), request.attempt());
        try {
            return new OutputSpool(path, settings.spoolCapacityBytes(), firstSeq);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the output spool " + path, e);
        }
    }

    /** Heartbeats with the counters and puts the progress on the task's row. */
    private void report(long taskId, OutputSink.Counters counters, long repaired, ActivityExecutionContext context) {
        context.heartbeat(progressDetails(counters));
        try {
            tasks.updateProgress(taskId, progressOf(counters, repaired));
        } catch (RuntimeException e) {
            // The row's progress is a convenience; a database blip must not end the run.
            log.warn("could not record the task's progress: {}", e.getMessage());
        }
    }

    private static Map<String, Long> progressDetails(OutputSink.Counters counters) {
        return Map.of("items", counters.items(), "logLines", counters.logLines());
    }

    private static TaskProgress progressOf(OutputSink.Counters counters, long repairedLines) {
        var progress = counters.progress();
        return new TaskProgress(
                progress == null ? null : progress.stage(),
                progress == null ? null : progress.current(),
                progress == null ? null : progress.total(),
                progress == null ? null : progress.percentage(),
                counters.items(), counters.logLines(), counters.warnings() + repairedLines, counters.errorsReported(),
                counters.lastError(), null);
    }

    @Override
    public StopResult stopProcess(StopRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            Optional<RunningSpider> target = running.stopTarget(request.taskId());
            if (target.isEmpty()) {
                // Its process never started (and now never will): its runner is free.
                slots.release(request.taskId());
                log.info("stop requested before the process started; it will not start");
                return new StopResult(false, StopMode.NONE);
            }
            long begun = System.nanoTime();
            StopMode mode = target.get().stopOnRequest(settings.stopNoticePeriod(), request.gracePeriod());
            log.info("process group stopped: {}", mode);
            // Wait for the run activity to store the spider's last output, but answer within this
            // step's own time, whatever the notice and grace periods took.
            Duration allowed = Activity.getExecutionContext().getInfo().getStartToCloseTimeout();
            Duration left = allowed.minus(Duration.ofNanos(System.nanoTime() - begun)).minusSeconds(3);
            Duration wait = left.compareTo(STORE_AFTER_STOP) < 0 ? left : STORE_AFTER_STOP;
            try {
                if (!target.get().awaitDone(wait.isNegative() ? Duration.ZERO : wait)) {
                    log.warn("the stopped spider's output was not all stored within {}", wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new StopResult(true, mode);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
