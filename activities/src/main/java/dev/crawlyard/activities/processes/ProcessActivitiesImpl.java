package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
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
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs spider processes on this node and stops them on request. */
public final class ProcessActivitiesImpl implements ProcessActivities {

    private static final Logger log = LoggerFactory.getLogger(ProcessActivitiesImpl.class);

    /** How long a stop request waits for the run activity to store the stopped spider's last output. */
    private static final Duration STORE_AFTER_STOP = Duration.ofSeconds(20);

    private final LocalNode node;
    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final TaskLogStore logs;
    private final ItemStore items;
    private final RunningProcesses running;
    private final RunnerSlots slots;
    private final RunnerSettings settings;
    private final TaskObserver observer;

    public ProcessActivitiesImpl(LocalNode node, TaskStore tasks, AttemptStore attempts, TaskLogStore logs,
            ItemStore items, RunningProcesses running, RunnerSlots slots, RunnerSettings settings) {
        this(node, tasks, attempts, logs, items, running, slots, settings, TaskObserver.NONE);
    }

    /** With an observer told when a task's process has started and the task shows running. */
    public ProcessActivitiesImpl(LocalNode node, TaskStore tasks, AttemptStore attempts, TaskLogStore logs,
            ItemStore items, RunningProcesses running, RunnerSlots slots, RunnerSettings settings,
            TaskObserver observer) {
        this.node = node;
        this.tasks = tasks;
        this.attempts = attempts;
        this.logs = logs;
        this.items = items;
        this.running = running;
        this.slots = slots;
        this.settings = settings;
        this.observer = observer;
    }

    @Override
    public ProcessResult runProcess(RunRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            return runHoldingRunner(request);
        } finally {
            slots.release(request.taskId());
        }
    }

    private ProcessResult runHoldingRunner(RunRequest request) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        String taskToken = tasks.issueTaskToken(request.taskId());
        RunningSpider spider = start(request, taskToken).orElse(null);
        slots.started(request.taskId());
        if (spider == null) {
            log.info("not starting: the task was stopped before its process started");
            return new ProcessResult(ProcessEnd.STOPPED, -1, StopMode.NONE, 0, 0);
        }
        try {
            return watch(request, spider, context);
        } catch (RuntimeException e) {
            // Whatever went wrong (a database error, the attempt given up on), the process must
            // not outlive the activity that owns it.
            spider.group().stop(request.policy().stopGracePeriod());
            throw e;
        } finally {
            running.remove(request.taskId());
            spider.markDone();
        }
    }

    private Optional<RunningSpider> start(RunRequest request, String taskToken) {
        try {
            Map<String, String> env = SpiderEnvironment.prepare(node, request, taskToken);
            return running.start(request.taskId(), () -> ProcessGroup.start(request.command(),
                    Path.of(request.workspace()), env, request.policy().memoryLimitBytes()));
        } catch (IOException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "could not start the spider's command: " + e.getMessage(), ErrorKind.CONFIG.name());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the spider's process", e);
        }
    }

    private ProcessResult watch(RunRequest request, RunningSpider spider, ActivityExecutionContext context) {
        ProcessGroup group = spider.group();
        Process process = group.process();
        OutputSpool spool = openSpool(request);
        spider.spooling(spool);
        OutputSink sink = new OutputSink(spool, logs, items, new IpcParser(request.items().dedupField()),
                request.taskId(), request.attempt(), request.spiderId(), request.items().dedupMode(),
                settings.outputBatchSize());
        Thread stdout = Thread.ofVirtual().start(
                new OutputPump(process.getInputStream(), LogStream.STDOUT, spool, settings.maxLineLength()));
        Thread stderr = Thread.ofVirtual().start(
                new OutputPump(process.getErrorStream(), LogStream.STDERR, spool, settings.maxLineLength()));
        // The attempt is on record before the task shows as running, so that a node lost the moment
        // after its task started running still has its attempt listed.
        attempts.start(request.taskId(), request.attempt(), node.key());
        try {
            Task runningTask = tasks.transition(request.taskId(), TaskStatus.RUNNING, TaskChange.onNode(node.key()));
            tellStarted(runningTask);
        } catch (IllegalTransitionException e) {
            // The task ended (it was cancelled) while its process was being started.
            log.info("the task ended as its process started; stopping it: {}", e.getMessage());
            StopMode mode = group.stop(request.policy().stopGracePeriod());
            finishOutput(group, sink, stdout, stderr, () -> { });
            closeQuietly(spool);
            attempts.end(request.taskId(), request.attempt(), "stopped", null, null);
            return new ProcessResult(ProcessEnd.STOPPED, -1, mode, sink.counters().logLines(), sink.counters().items());
        }
        log.info("attempt {} started pid {}: {}", request.attempt(), group.pid(), request.command());
        if (request.policy().memoryLimitBytes() > 0 && !ProcessGroup.canLimitMemory()) {
            log.warn("the memory limit is not enforced: prlimit(1) is missing on this node");
        }

        long started = System.nanoTime();
        Duration limit = request.policy().runtimeLimit();
        boolean timedOut = false;
        try {
            while (!waitFor(process, settings.heartbeatInterval())) {
                if (request.policy().hasRuntimeLimit() && System.nanoTime() - started >= limit.toNanos()) {
                    timedOut = true;
                    log.info("runtime limit {} reached; stopping", limit);
                    group.stop(request.policy().stopGracePeriod());
                    break;
                }
                report(request.taskId(), sink.counters(), context);
            }
        } catch (ActivityCompletionException e) {
            // The workflow was cancelled or this attempt was given up on: the process must not outlive it.
            log.info("stopping the process: {}", e.getClass().getSimpleName());
            group.stop(request.policy().stopGracePeriod());
            finishOutput(group, sink, stdout, stderr, () -> { });
            closeQuietly(spool);
            throw e;
        }
        waitFor(process, request.policy().stopGracePeriod().plusSeconds(5));
        finishOutput(group, sink, stdout, stderr, () -> heartbeatQuietly(context, sink.counters()));
        closeQuietly(spool);

        int exitCode = process.exitValue();
        StopMode stopMode = group.stopMode() == null ? StopMode.NONE : group.stopMode();
        ProcessEnd end = spider.stopRequested() ? ProcessEnd.STOPPED
                : timedOut ? ProcessEnd.TIMED_OUT : ProcessEnd.EXITED;
        OutputSink.Counters counters = sink.counters();
        tasks.updateProgress(request.taskId(), progressOf(counters));
        attempts.end(request.taskId(), request.attempt(), end.name().toLowerCase(java.util.Locale.ROOT),
                end == ProcessEnd.EXITED ? exitCode : null,
                end == ProcessEnd.EXITED && exitCode != 0 ? "exited with code " + exitCode : null);
        log.info("attempt {} ended {} with exit code {} ({} log lines, {} items)", request.attempt(), end, exitCode,
                counters.logLines(), counters.items());
        return new ProcessResult(end, exitCode, stopMode, counters.logLines(), counters.items());
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
        Path path = node.runDirectory(request.taskId()).resolve("output-" + request.attempt() + ".spool");
        // The spider's lines follow what the dependency install logged for this attempt, if anything.
        long firstSeq = logs.lastSeq(request.taskId(), request.attempt());
        try {
            return new OutputSpool(path, settings.spoolCapacityBytes(), firstSeq);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the output spool " + path, e);
        }
    }

    /** Heartbeats with the counters and puts the progress on the task's row. */
    private void report(long taskId, OutputSink.Counters counters, ActivityExecutionContext context) {
        context.heartbeat(Map.of("items", counters.items(), "logLines", counters.logLines()));
        try {
            tasks.updateProgress(taskId, progressOf(counters));
        } catch (RuntimeException e) {
            // The row's progress is a convenience; a database blip must not end the run.
            log.warn("could not record the task's progress: {}", e.getMessage());
        }
    }

    private static TaskProgress progressOf(OutputSink.Counters counters) {
        var progress = counters.progress();
        return new TaskProgress(
                progress == null ? null : progress.stage(),
                progress == null ? null : progress.current(),
                progress == null ? null : progress.total(),
                progress == null ? null : progress.percentage(),
                counters.items(), counters.logLines(), counters.warnings(), counters.errorsReported(),
                counters.lastError(), null);
    }

    /**
     * Waits for the pumps to reach the end of the spider's output, then stores what is spooled. A
     * child left running by the spider may hold the output open; after a short wait it is killed
     * with the rest of the group, so that a task's processes never outlive it.
     */
    private void finishOutput(ProcessGroup group, OutputSink sink, Thread stdout, Thread stderr,
            Runnable whileWaiting) {
        try {
            if (!stdout.join(settings.outputDrainTimeout()) | !stderr.join(settings.outputDrainTimeout())
                    || group.isAlive()) {
                log.info("the spider exited but left processes behind; killing its process group");
                group.kill();
                group.process().getInputStream().close();
                group.process().getErrorStream().close();
                stdout.join(settings.outputDrainTimeout());
                stderr.join(settings.outputDrainTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the spider's output: {}", e.getMessage());
        }
        sink.finish(whileWaiting);
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
            StopMode mode = target.get().stopOnRequest(request.gracePeriod());
            log.info("process group stopped: {}", mode);
            try {
                if (!target.get().awaitDone(STORE_AFTER_STOP)) {
                    log.warn("the stopped spider's output was not all stored within {}", STORE_AFTER_STOP);
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

    private static void heartbeatQuietly(ActivityExecutionContext context, OutputSink.Counters counters) {
        try {
            context.heartbeat(Map.of("items", counters.items(), "logLines", counters.logLines()));
        } catch (ActivityCompletionException e) {
            // Still storing the output of a process that has ended; the workflow hears of it soon.
        }
    }

    private static void closeQuietly(OutputSpool spool) {
        try {
            spool.close();
        } catch (IOException e) {
            log.debug("could not remove the output spool: {}", e.getMessage());
        }
    }
}
