package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.activities.containers.ContainerMounts;
import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.activities.containers.EngineException;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The container a run asks for, as {@code docker create} arguments: its name
 * {@code task-<id>-<attempt>}, the node's labels, the task's workspace as the working directory,
 * the config file read-only at {@code /app/config.json}, the output directory at
 * {@code /app/output}, the node's directories the task asks for and the node allows, the limits,
 * the runner's uid, and the environment.
 */
final class ContainerLaunch {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ContainerLaunch.class);

    static final String WORKSPACE = "/app/workspace";
    static final String CONFIG = "/app/config.json";
    static final String OUTPUT = "/app/output";

    /** Variables the docker CLI reads itself: passed by value on the command line rather than through its environment. */
    private static final Set<String> CLI_VARIABLES = Set.of("PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG",
            "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION");

    private ContainerLaunch() {
    }

    /**
     * Starts the task's container and registers it as running, unless a stop came first. What the
     * engine refuses (no such image, a pull refused, the engine down) ends the task in error at
     * once, naming the runtime: trying again would not help.
     */
    static java.util.Optional<RunningSpider> startOrFail(DockerEngine engine, RunningProcesses running,
            LocalNode node, RunRequest request, String taskToken, Runner runner, String state) {
        List<ContainerMounts.Resolved> mounts;
        try {
            mounts = ContainerMounts.resolve(request.container().mounts(), engine.settings().allowedMounts(), node.key());
        } catch (ContainerMounts.Refused e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.CONFIG.name());
        }
        // A pull can outlast the heartbeat timeout.
        try (dev.crawlyard.activities.Heartbeater ignored = dev.crawlyard.activities.Heartbeater.start(
                io.temporal.activity.Activity.getExecutionContext())) {
            return running.start(request.taskId(), () -> start(engine, node, request, taskToken, runner, state, mounts));
        } catch (EngineException e) {
            log.info("the container engine refused the task: {}", e.getMessage());
            throw ApplicationFailure.newNonRetryableFailure("container runtime (docker "
                    + engine.version().orElse("unavailable") + "): " + e.getMessage(), ErrorKind.CONTAINER.name());
        } catch (java.io.IOException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "could not prepare the spider's container: " + e.getMessage(), ErrorKind.CONFIG.name());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the spider's container", e);
        }
    }

    /**
     * Writes the run files, makes sure of the image and starts the container. Whatever the engine
     * refuses is a {@link EngineException} with its message.
     */
    static ContainerRun start(DockerEngine engine, LocalNode node, RunRequest request, String taskToken,
            Runner runner, String state, List<ContainerMounts.Resolved> mounts)
            throws EngineException, java.io.IOException {
        if (engine.version().isEmpty()) {
            throw new EngineException("node " + node.key() + " has no container engine that answers");
        }
        SpiderEnvironment.writeRunFiles(node, request, runner, state);
        Map<String, String> env = SpiderEnvironment.forContainer(node, request, taskToken);
        engine.ensureImage(request.container().image(), request.container().pull());
        String nodeId = DockerEngine.nodeId(node.key(), node.workRoot());
        // Another platform on the same engine numbers its tasks too: when its container holds the
        // name, this one's carries the node's id as well.
        String name = engine.clearName(name(request), nodeId) ? name(request) : name(request) + "-" + nodeId;
        return ContainerRun.start(engine, name,
                arguments(node, request, runner, env, engine.settings().init(), name, mounts),
                passedByName(env), Path.of(request.workspace()), node.processLedger(), nodeId);
    }

    /**
     * What a container's non-zero exit means: the engine's memory limit (the engine says it killed
     * it), the engine failing to start its command, or the spider's own exit.
     */
    static ExitReading reading(ContainerRun run, int exitCode, String outOfMemoryLine, RunRequest request) {
        java.util.Optional<DockerEngine.State> state = run.state();
        long limitMb = memoryLimitMb(request);
        if (state.isPresent() && state.get().oomKilled()) {
            return new ExitReading(dev.crawlyard.workflows.task.ErrorKind.MEMORY_LIMIT, "the container went past its"
                    + " memory limit of " + limitMb + " MB (container.memoryLimitMb) and the engine killed it (exit code "
                    + exitCode + ")");
        }
        if (state.isPresent() && !state.get().error().isBlank()) {
            return new ExitReading(dev.crawlyard.workflows.task.ErrorKind.CONTAINER, "container runtime: "
                    + state.get().error());
        }
        return ExitReading.of(exitCode, outOfMemoryLine, limitMb * 1024 * 1024);
    }

    static String name(RunRequest request) {
        return "task-" + request.taskId() + "-" + request.attempt();
    }

    /**
     * The {@code docker create} arguments. Variables go as {@code --env NAME}, their values taken
     * from the CLI's environment, so that the task token never shows on a command line.
     */
    static List<String> arguments(LocalNode node, RunRequest request, Runner runner, Map<String, String> env,
            boolean init, String name, List<ContainerMounts.Resolved> mounts) throws EngineException {
        ContainerSpec spec = request.container();
        Path runDirectory = node.runDirectory(request.taskId());
        List<String> args = new ArrayList<>(List.of(
                "--name", name,
                "--label", DockerEngine.NODE_LABEL + "=" + node.key(),
                "--label", DockerEngine.NODE_ID_LABEL + "=" + DockerEngine.nodeId(node.key(), node.workRoot()),
                "--label", DockerEngine.TASK_LABEL + "=" + request.taskId(),
                "--label", DockerEngine.ATTEMPT_LABEL + "=" + request.attempt(),
                "--interactive",
                "--network", spec.network(),
                "--security-opt", "no-new-privileges",
                "--user", user(runner),
                "--workdir", WORKSPACE,
                "--mount", bind(Path.of(request.workspace()), WORKSPACE, false),
                "--mount", bind(runDirectory.resolve("config.json"), CONFIG, true),
                "--mount", bind(runDirectory.resolve("output"), OUTPUT, false)));
        for (ContainerMounts.Resolved mount : mounts) {
            args.addAll(List.of("--mount", bind(mount.source(), mount.target(), mount.readOnly())));
        }
        if (init) {
            args.add("--init");
        }
        if (spec.cpus() != null) {
            args.addAll(List.of("--cpus", String.format(Locale.ROOT, "%.2f", spec.cpus())));
        }
        long memoryMb = memoryLimitMb(request);
        if (memoryMb > 0) {
            // The same figure for memory and memory+swap: past it the container is killed, not swapped.
            args.addAll(List.of("--memory", memoryMb + "m", "--memory-swap", memoryMb + "m"));
        }
        if (spec.pidsLimit() != null) {
            args.addAll(List.of("--pids-limit", Integer.toString(spec.pidsLimit())));
        }
        env.forEach((key, value) -> {
            args.add("--env");
            args.add(CLI_VARIABLES.contains(key) ? key + "=" + value : key);
        });
        args.add(spec.image());
        args.addAll(List.of("/bin/sh", "-c", request.command()));
        return args;
    }

    /** The container's memory limit: its own, else the spider's memory limit, else none (0). */
    static long memoryLimitMb(RunRequest request) {
        if (request.container().memoryLimitMb() != null) {
            return request.container().memoryLimitMb();
        }
        long bytes = request.policy().memoryLimitBytes();
        return bytes > 0 ? Math.max(6, bytes / (1024 * 1024)) : 0;
    }

    /** The variables whose values the CLI must have in its environment for {@code --env NAME}. */
    static Map<String, String> passedByName(Map<String, String> env) {
        Map<String, String> byName = new java.util.HashMap<>(env);
        byName.keySet().removeAll(CLI_VARIABLES);
        return byName;
    }

    /** The runner's uid (and as group, the same number), or the node's own uid when spiders run as it. */
    private static String user(Runner runner) {
        int uid = runner.users().active() ? runner.users().uid(runner.slot()) : RunnerUsers.currentUid();
        return uid + ":" + uid;
    }

    private static String bind(Path source, String target, boolean readOnly) throws EngineException {
        String path = source.toAbsolutePath().normalize().toString();
        if (path.contains(",") || path.contains("=")) {
            throw new EngineException("the node's path " + path + " cannot be mounted: it holds ',' or '='");
        }
        return "type=bind,source=" + path + ",target=" + target + (readOnly ? ",readonly" : "");
    }
}
