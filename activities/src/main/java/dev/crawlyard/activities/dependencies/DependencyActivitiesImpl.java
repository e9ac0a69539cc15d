package dev.crawlyard.activities.dependencies;

import dev.crawlyard.activities.ChildEnvironment;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.workflows.dependencies.DependencyActivities;
import dev.crawlyard.workflows.dependencies.InstallRequest;
import dev.crawlyard.workflows.dependencies.InstallResult;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependency installs, cached per node: requirements.txt becomes a Python venv, package.json an
 * npm node_modules, and a spider's own install command fills a directory of its own; each is
 * built once per node for a given runtime and manifest and reused by every later task.
 */
public final class DependencyActivitiesImpl implements DependencyActivities {

    private static final Logger log = LoggerFactory.getLogger(DependencyActivitiesImpl.class);

    /** How often a running install heartbeats, well inside any heartbeat timeout. */
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

    private final LocalNode node;
    private final TaskInputs inputs;
    private final TaskLogStore logs;
    private final RunnerSlots slots;
    private final EnvironmentPlans plans;
    private final EnvironmentCache environments;

    public DependencyActivitiesImpl(LocalNode node, TaskInputs inputs, TaskLogStore logs, RunnerSlots slots,
            InstallSettings settings) {
        this.node = node;
        this.inputs = inputs;
        this.logs = logs;
        this.slots = slots;
        this.environments = new EnvironmentCache(node.environments(), settings.timeout());
        this.plans = new EnvironmentPlans(new Runtimes(ChildEnvironment.base(node.users().active())));
    }

    @Override
    public InstallResult installDependencies(InstallRequest request) {
        // An install can take minutes: heartbeat meanwhile, so that an install on a node that died is
        // noticed by its heartbeat timeout rather than by its start-to-close timeout.
        ActivityExecutionContext context = Activity.getExecutionContext();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        heartbeats.scheduleAtFixedRate(() -> heartbeatQuietly(context), HEARTBEAT_EVERY.toMillis(),
                HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return install(request);
        } catch (RuntimeException e) {
            // The task ends here, before its process: its runner is free again.
            slots.release(request.taskId());
            throw e;
        } finally {
            heartbeats.shutdownNow();
        }
    }

    private static void heartbeatQuietly(ActivityExecutionContext context) {
        try {
            context.heartbeat(null);
        } catch (RuntimeException e) {
            // Cancelled or timed out: the install's own timeout and the workflow deal with it.
        }
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
                    EnvironmentCache.Ready ready = environments.obtain(plan, workspace, env, runner, installLog);
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
            } catch (IOException e) {
                throw new UncheckedIOException("could not prepare the dependencies in " + node.environments(), e);
            } catch (InterruptedException e) {
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
