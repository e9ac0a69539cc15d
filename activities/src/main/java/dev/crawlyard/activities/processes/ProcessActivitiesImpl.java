package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.TaskChange;
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
import java.nio.file.Path;
import java.time.Duration;
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
    private final TaskLogStore logs;
    private final RunningProcesses running;
    private final RunnerSettings settings;

    public ProcessActivitiesImpl(LocalNode node, TaskStore tasks, TaskLogStore logs, RunningProcesses running,
            RunnerSettings settings) {
        this.node = node;
        this.tasks = tasks;
        this.logs = logs;
        this.running = running;
        this.settings = settings;
    }

    @Override
    public ProcessResult runProcess(RunRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            ActivityExecutionContext context = Activity.getExecutionContext();
            int attempt = context.getInfo().getAttempt();
            RunningSpider spider = start(request).orElse(null);
            if (spider == null) {
                log.info("not starting: the task was stopped before its process started");
                return new ProcessResult(ProcessEnd.STOPPED, -1, StopMode.NONE, 0);
            }
            try {
                return watch(request, spider, context, attempt);
            } catch (RuntimeException e) {
                // Whatever went wrong (a database error, the attempt given up on), the process must
                // not outlive the activity that owns it.
                spider.group().stop(request.stopGracePeriod());
                throw e;
            } finally {
                running.remove(request.taskId());
                spider.markDone();
            }
        }
    }

    private Optional<RunningSpider> start(RunRequest request) {
        try {
            var env = SpiderEnvironment.prepare(node, request);
            return running.start(request.taskId(),
                    () -> ProcessGroup.start(request.command(), Path.of(request.workspace()), env));
        } catch (IOException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "could not start the spider's command: " + e.getMessage(), ErrorKind.CONFIG.name());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the spider's process", e);
        }
    }

    private ProcessResult watch(RunRequest request, RunningSpider spider, ActivityExecutionContext context,
            int attempt) {
        ProcessGroup group = spider.group();
        Process process = group.process();
        LogBatcher batcher = new LogBatcher(logs, request.taskId(), attempt, settings);
        Thread stdout = Thread.ofVirtual().start(
                new OutputPump(process.getInputStream(), LogStream.STDOUT, batcher, settings.maxLineLength()));
        Thread stderr = Thread.ofVirtual().start(
                new OutputPump(process.getErrorStream(), LogStream.STDERR, batcher, settings.maxLineLength()));
        try {
            tasks.transition(request.taskId(), TaskStatus.RUNNING, TaskChange.onNode(node.key()));
        } catch (IllegalTransitionException e) {
            // The task ended (it was cancelled) while its process was being started.
            log.info("the task ended as its process started; stopping it: {}", e.getMessage());
            StopMode mode = group.stop(request.stopGracePeriod());
            finishOutput(group, batcher, stdout, stderr, () -> { });
            return new ProcessResult(ProcessEnd.STOPPED, -1, mode, batcher.stored());
        }
        log.info("started pid {}: {}", group.pid(), request.command());

        long started = System.nanoTime();
        boolean timedOut = false;
        try {
            while (!waitFor(process, settings.heartbeatInterval())) {
                if (request.runtimeLimit().toNanos() > 0
                        && System.nanoTime() - started >= request.runtimeLimit().toNanos()) {
                    timedOut = true;
                    log.info("runtime limit {} reached; stopping", request.runtimeLimit());
                    group.stop(request.stopGracePeriod());
                    break;
                }
                context.heartbeat(batcher.stored());
                recordLogLines(request.taskId(), batcher.stored());
            }
        } catch (ActivityCompletionException e) {
            // The workflow was cancelled or this attempt was given up on: the process must not outlive it.
            log.info("stopping the process: {}", e.getClass().getSimpleName());
            group.stop(request.stopGracePeriod());
            finishOutput(group, batcher, stdout, stderr, () -> { });
            throw e;
        }
        waitFor(process, request.stopGracePeriod().plusSeconds(5));
        finishOutput(group, batcher, stdout, stderr, () -> heartbeatQuietly(context, batcher));
        tasks.updateLogLines(request.taskId(), batcher.stored());

        int exitCode = process.exitValue();
        StopMode stopMode = group.stopMode() == null ? StopMode.NONE : group.stopMode();
        ProcessEnd end = spider.stopRequested() ? ProcessEnd.STOPPED
                : timedOut ? ProcessEnd.TIMED_OUT : ProcessEnd.EXITED;
        log.info("process ended {} with exit code {} ({} log lines)", end, exitCode, batcher.stored());
        return new ProcessResult(end, exitCode, stopMode, batcher.stored());
    }

    /**
     * Waits for the pumps to reach the end of the spider's output, then stores what is queued. A
     * child left running by the spider may hold the output open; after a short wait it is killed
     * with the rest of the group, so that a task's processes never outlive it.
     */
    private void finishOutput(ProcessGroup group, LogBatcher batcher, Thread stdout, Thread stderr,
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
        batcher.close(whileWaiting);
    }

    @Override
    public StopResult stopProcess(StopRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            Optional<RunningSpider> target = running.stopTarget(request.taskId());
            if (target.isEmpty()) {
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

    /** The running count on the row is a convenience; a database blip must not end the run. */
    private void recordLogLines(long taskId, long lines) {
        try {
            tasks.updateLogLines(taskId, lines);
        } catch (RuntimeException e) {
            log.warn("could not update the log line count: {}", e.getMessage());
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

    private static void heartbeatQuietly(ActivityExecutionContext context, LogBatcher batcher) {
        try {
            context.heartbeat(batcher.stored());
        } catch (ActivityCompletionException e) {
            // Still storing the output of a process that has ended; the workflow hears of it soon.
        }
    }
}
