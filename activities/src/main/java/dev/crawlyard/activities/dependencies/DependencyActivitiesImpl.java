package dev.crawlyard.activities.dependencies;

import dev.crawlyard.activities.ChildEnvironment;
import dev.crawlyard.activities.DiskLimits;
import dev.crawlyard.activities.Heartbeater;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.NodeStop;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.dependencies.InstallResult;
import dev.crawlyard.workflows.processes.ProcessActivities;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependency installs, cached per node: requirements.txt becomes a Python venv, package.json an
 * npm node_modules, and a spider's own install command fills a directory of its own; each is
 * built once per node for a given runtime and manifest and reused by every later task.
 */
public final class DependencyActivitiesImpl implements DependencyActivities {

    private static final Logger log = LoggerFactory.getLogger(DependencyActivitiesImpl.class);

    private final LocalNode node;
    private final TaskInputs inputs;
    private final TaskLogStore logs;
    private final AttemptStore attempts;
    private final RunnerSlots slots;
    private final EnvironmentPlans plans;
    private final EnvironmentCache environments;

    /**
     * The node's install step. The environments a task uses stay until it leaves the node (its
     * runner is given back); then, over {@code limits}' cap, the least recently used go.
     */
    public DependencyActivitiesImpl(LocalNode node, TaskInputs inputs, TaskLogStore logs, AttemptStore attempts,
            RunnerSlots slots, InstallSettings settings, DiskLimits limits) {
        this.node = node;
        this.inputs = inputs;
        this.logs = logs;
        this.attempts = attempts;
        this.slots = slots;
        this.environments = new EnvironmentCache(node.environments(), settings.timeout(), node.processLedger(),
                limits.environmentBytes());
        slots.onRelease(environments::release);
        this.plans = new EnvironmentPlans(new Runtimes(ChildEnvironment.base(node.users().active())));
    }

    @Override
    public InstallResult installDependencies(InstallRequest request) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        if (slots.stopping()) {
            // Checked first, as any install is: a request the API's workflows did not make changes nothing.
            try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
                inputs.checkInstall(request);
                throw stopped(request, "its spider was not started (it stopped before the dependency install)");
            }
        }
        // A retried install keeps the runner its claim took. Should the claim have lapsed (the
        // node was too slow to start this step), it takes a free one, or waits for one: Temporal
        // runs the install again after a back-off.
        if (!slots.tryAcquire(request.taskId())) {
            throw ApplicationFailure.newFailure("node " + node.key() + " has no runner for task "
                    + request.taskId() + ": its claim lapsed and the node is full", FileActivitiesImpl.NODE_FULL);
        }
        // An install can take minutes: heartbeat meanwhile, so that an install on a node that died is
        // noticed by its heartbeat timeout rather than by its start-to-close timeout, and keep the
        // runner claimed.
        try (Heartbeater ignored = Heartbeater.start(context, () -> null, () -> slots.touch(request.taskId()))) {
            InstallResult result = install(request);
            // The run step is on its way: a stop that begins now waits for it (StepsDrain).
            slots.touch(request.taskId());
            return result;
        } catch (RuntimeException e) {
            if (isLastTry(e, context.getInfo()) && !isNodeStopped(e)) {
                // The task ends here, before its process: its runner is free again. A failure that
                // Temporal retries keeps it, so that the retry does not run beside more than the
                // node's runners allow.
                slots.release(request.taskId());
            }
            throw e;
        }
    }

    /** The install's failure once this node is stopping: its runner is given back by {@link NodeStop#handBack}. */
    private ApplicationFailure stopped(InstallRequest request, String what) {
        return NodeStop.handBack(attempts, slots, node.key(), request.taskId(), request.attempt(), false, what);
    }

    /**
     * Whether the install gave its task back because the node is stopping: its runner is given back
     * by then, or once the last run of its claim at work ends ({@link RunnerSlots#handBack}).
     */
    private static boolean isNodeStopped(RuntimeException failure) {
        return failure instanceof ApplicationFailure application
                && ProcessActivities.NODE_STOPPED.equals(application.getType());
    }

    /** Whether Temporal will not run this install again after {@code failure}. */
    static boolean isLastTry(RuntimeException failure, ActivityInfo info) {
        if (failure instanceof ApplicationFailure application && application.isNonRetryable()) {
            return true;
        }
        RetryOptions retries = info.getRetryOptions();
        return retries != null && retries.getMaximumAttempts() > 0 && info.getAttempt() >= retries.getMaximumAttempts();
    }

    private InstallResult install(InstallRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            inputs.checkInstall(request);
            Path workspace = workspaceOf(request);
            List<EnvironmentPlan> needed = detect(workspace, request.installCommand());
            if (needed.isEmpty()) {
                return new InstallResult(false, "nothing to install", Map.of());
            }
            Runner runner = Runner.of(node, slots, request.taskId());
            try (InstallLog installLog = new InstallLog(logs, request.taskId(), request.attempt())) {
                // Installs run the spider's code too (setup.py, npm scripts, its install command): as
                // its runner's user, from a clean environment, with a home of the task's own.
                Path home = runner.ownedDirectory(runner.ownedDirectory(node.runDirectory(request.taskId()))
                        .resolve("home"));
                Map<String, String> env = ChildEnvironment.forInstall(home, runner);
                env.putAll(request.env());
                Map<String, String> spiderEnv = new LinkedHashMap<>();
                List<String> summary = new ArrayList<>();
                boolean installed = false;
                for (EnvironmentPlan plan : needed) {
                    EnvironmentCache.Ready ready = environments.obtain(request.taskId(), plan, workspace, env, runner,
                            slots::stopping, installLog);
                    installed |= ready.installed();
                    summary.add((ready.installed() ? "installed " : "reused ") + plan.shortName());
                    plan.spiderEnvironment(ready.directory()).forEach((name, value) ->
                            spiderEnv.merge(name, value, (before, added) -> before + ":" + added));
                    if (plan.kind() == EnvironmentKind.NPM) {
                        linkNodeModules(workspace, ready.directory());
                    }
                }
                log.info("dependencies: {}", String.join(", ", summary));
                return new InstallResult(installed, String.join(", ", summary), spiderEnv);
            } catch (InstallProcess.Stopped e) {
                throw stopped(request, "its dependency install was stopped and its spider not started");
            } catch (IOException e) {
                throw new UncheckedIOException("could not prepare the dependencies in " + node.environments(), e);
            } catch (InterruptedException e) {
                if (slots.stopping()) {
                    // Recorded before the interrupt is set again: a JDBC call on an interrupted thread may fail.
                    ApplicationFailure stopped = stopped(request,
                            "its dependency install was stopped and its spider not started");
                    Thread.currentThread().interrupt();
                    throw stopped;
                }
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing dependencies", e);
            }
        }
    }

    private List<EnvironmentPlan> detect(Path workspace, String installCommand) {
        try {
            return plans.detect(workspace, installCommand);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dependency manifests in " + workspace, e);
        }
    }

    /** The task's workspace on this node; any other path is refused, so an install touches nothing else. */
    private Path workspaceOf(InstallRequest request) {
        Path expected = node.workspace(request.taskId());
        if (!Path.of(request.workspace()).normalize().equals(expected.normalize())) {
            throw ApplicationFailure.newNonRetryableFailure("the workspace " + request.workspace()
                    + " is not task " + request.taskId() + "'s workspace on this node", ErrorKind.CONFIG.name());
        }
        return expected;
    }

    /**
     * Links {@code node_modules} in the workspace to the environment's, unless the spider ships its
     * own: NODE_PATH serves require(), but ES modules resolve packages only through node_modules
     * directories.
     */
    private static void linkNodeModules(Path workspace, Path environment) throws IOException {
        Path link = workspace.resolve("node_modules");
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, environment.resolve("node_modules"));
        }
    }
}
