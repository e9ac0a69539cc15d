package dev.crawlyard.activities.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Docker engine, driven through the docker CLI. The CLI rather than a Java client:
 * {@code docker start --attach --interactive} gives the container's stdin, stdout and stderr as a
 * plain local process's pipes, so that a container spider's output takes exactly the path a
 * process spider's does (pumps, spool with back-pressure, IPC parser, stores) and the cancel
 * message goes in the same way; the CLI negotiates the API version with whatever engine the node
 * has. Every call is bounded by a timeout; a failed call throws with the engine's own message.
 */
public final class DockerEngine {

    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

    /** The label every container of a node carries, with the node's key as its value. */
    public static final String NODE_LABEL = "dev.crawlyard.node";
    public static final String TASK_LABEL = "dev.crawlyard.task";
    public static final String ATTEMPT_LABEL = "dev.crawlyard.attempt";
    /**
     * The node's identity on the engine: its key and work directory together, since two platforms
     * on one machine may both have a node called {@code in-process}.
     */
    public static final String NODE_ID_LABEL = "dev.crawlyard.node.id";

    /** The value of {@link #NODE_ID_LABEL} for the node with this key and work directory. */
    public static String nodeId(String nodeKey, java.nio.file.Path workRoot) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (nodeKey + "\n" + workRoot.toAbsolutePath().normalize()).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final ContainerSettings settings;
    private volatile Optional<String> version;

    public DockerEngine(ContainerSettings settings) {
        this.settings = settings;
    }

    public ContainerSettings settings() {
        return settings;
    }

    /**
     * The engine's version when the node runs containers and the engine answers, else empty. Asked
     * once; a node that gains an engine later finds it at its next start.
     */
    public Optional<String> version() {
        Optional<String> known = version;
        if (known == null) {
            known = settings.enabled() ? ask() : Optional.empty();
            version = known;
        }
        return known;
    }

    private Optional<String> ask() {
        try {
            String answer = run(List.of("version", "--format", "{{.Server.Version}}"), Map.of(), VERSION_TIMEOUT).strip();
            log.info("container engine: Docker {}", answer);
            return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
        } catch (EngineException e) {
            log.info("no container engine: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Makes sure the image is on the node, pulling it as {@code pull} says (missing, always, never). */
    public void ensureImage(String image, String pull) throws EngineException {
        boolean present = has(image);
        switch (pull) {
            case "never" -> {
                if (!present) {
                    throw new EngineException("no such image on this node: " + image + " (pull 'never')");
                }
            }
            case "always" -> pull(image);
            default -> {
                if (!present) {
                    pull(image);
                }
            }
        }
    }

    private boolean has(String image) throws EngineException {
        try {
            run(List.of("image", "inspect", "--format", "{{.Id}}", image), Map.of(), settings.engineTimeout());
            return true;
        } catch (EngineException e) {
            if (e.getMessage().contains("No such image") || e.getMessage().contains("no such image")) {
                return false;
            }
            throw e;
        }
    }

    private void pull(String image) throws EngineException {
        log.info("pulling image {}", image);
        run(List.of("pull", "--quiet", image), Map.of(), settings.pullTimeout());
    }

    /**
     * Creates a container with these {@code docker create} arguments; {@code env} is the CLI's
     * environment, from which {@code --env NAME} arguments take their values (so that secrets
     * such as the task token never appear on a command line).
     */
    public void create(List<String> arguments, Map<String, String> env) throws EngineException {
        List<String> argv = new ArrayList<>();
        argv.add("create");
        argv.addAll(arguments);
        run(argv, env, settings.engineTimeout());
    }

    /** The argv of a CLI that attaches to the container's streams, starts it and exits with its exit code. */
    public List<String> attachCommand(String name) {
        return List.of(settings.docker(), "start", "--attach", "--interactive", name);
    }

    /** The environment of the CLI processes: only what the CLI needs, none of the node's settings. */
    public Map<String, String> cliEnvironment() {
        Map<String, String> env = new HashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path);
        // The CLI's own config (registry credentials for pulls) is under the node user's home.
        String home = System.getenv("HOME");
        if (home != null) {
            env.put("HOME", home);
        }
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        if (dockerConfig != null) {
            env.put("DOCKER_CONFIG", dockerConfig);
        }
        if (!settings.host().isEmpty()) {
            env.put("DOCKER_HOST", settings.host());
        }
        return env;
    }

    /** The container's state once it has ended. */
    public record State(int exitCode, boolean oomKilled, String error) {
    }

    public Optional<State> inspect(String name) {
        try {
            String out = run(List.of("inspect", "--format", "{{.State.ExitCode}}|{{.State.OOMKilled}}|{{.State.Error}}",
                    name), Map.of(), settings.engineTimeout()).strip();
            String[] parts = out.split("\\|", 3);
            return Optional.of(new State(Integer.parseInt(parts[0]), Boolean.parseBoolean(parts[1]),
                    parts.length > 2 ? parts[2] : ""));
        } catch (EngineException | RuntimeException e) {
            log.warn("could not inspect container {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** The host pid of the container's main process (its init), or 0 when it does not run. */
    public long mainPid(String name) {
        try {
            return Long.parseLong(run(List.of("inspect", "--format", "{{.State.Pid}}", name), Map.of(),
                    settings.engineTimeout()).strip());
        } catch (EngineException | NumberFormatException e) {
            return 0;
        }
    }

    /** Sends a signal (TERM, KILL) to the container's main process; false if it was not running. */
    public boolean signal(String name, String signal) {
        try {
            run(List.of("kill", "--signal", signal, name), Map.of(), settings.engineTimeout());
            return true;
        } catch (EngineException e) {
            log.debug("signal {} to container {}: {}", signal, name, e.getMessage());
            return false;
        }
    }

    /** Removes the container, killing it if it runs; true if there was one. */
    public boolean remove(String name) {
        try {
            run(List.of("rm", "--force", "--volumes", name), Map.of(), settings.engineTimeout());
            return true;
        } catch (EngineException e) {
            if (!e.getMessage().contains("No such container")) {
                log.warn("could not remove container {}: {}", name, e.getMessage());
            }
            return false;
        }
    }

    /**
     * Makes way for a container of this name: removes one this node made (an earlier try of the
     * same attempt) and says true, or says false and leaves it when it is not this node's (another
     * platform on the same engine numbers its tasks too).
     */
    public boolean clearName(String name, String nodeId) throws EngineException {
        String owner;
        try {
            owner = run(List.of("container", "inspect", "--format",
                    "{{index .Config.Labels \"" + NODE_ID_LABEL + "\"}}", name), Map.of(), settings.engineTimeout()).strip();
        } catch (EngineException e) {
            if (e.getMessage().contains("No such container") || e.getMessage().contains("No such object")) {
                return true;
            }
            throw e;
        }
        if (!owner.equals(nodeId)) {
            return false;
        }
        remove(name);
        return true;
    }

    /** Whether a container of this name exists. */
    public boolean exists(String name) {
        try {
            run(List.of("container", "inspect", "--format", "{{.Id}}", name), Map.of(), settings.engineTimeout());
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    /**
     * Removes every container labelled as this node's (a node's previous life's, killed before it
     * could remove them); returns their names. Containers of other nodes are never touched.
     */
    public List<String> removeContainersOf(String nodeKey, String nodeId) {
        if (version().isEmpty()) {
            return List.of();
        }
        try {
            String listed = run(List.of("ps", "--all", "--filter",
                    "label=" + NODE_LABEL + "=" + nodeKey, "--filter", "label=" + NODE_ID_LABEL + "=" + nodeId,
                    "--format", "{{.Names}}"), Map.of(),
                    settings.engineTimeout());
            List<String> removed = new ArrayList<>();
            for (String name : listed.strip().split("\\s+")) {
                if (!name.isEmpty() && remove(name)) {
                    removed.add(name);
                }
            }
            return removed;
        } catch (EngineException e) {
            log.warn("could not list this node's containers: {}", e.getMessage());
            return List.of();
        }
    }

    /** Runs one CLI call; its stdout, or an exception with its stderr. */
    private String run(List<String> arguments, Map<String, String> extraEnv, Duration timeout) throws EngineException {
        List<String> argv = new ArrayList<>();
        argv.add(settings.docker());
        argv.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(cliEnvironment());
        builder.environment().putAll(extraEnv);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new EngineException("cannot run the docker CLI (" + settings.docker() + "): " + e.getMessage());
        }
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EngineException("docker " + arguments.getFirst() + " did not answer within " + timeout);
            }
            if (process.exitValue() != 0) {
                String message = err.get(5, TimeUnit.SECONDS).strip();
                throw new EngineException(message.isEmpty() ? "docker " + arguments.getFirst() + " exited with code "
                        + process.exitValue() : message);
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for docker " + arguments.getFirst());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new EngineException("could not read the docker CLI's output: " + e.getMessage());
        }
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                // An engine's answer is small; a bound keeps a runaway one from filling the heap.
                return new String(stream.readNBytes(1 << 20), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Thread.ofVirtual()::start);
    }
}
