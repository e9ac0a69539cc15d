package dev.crawlyard.activities.processes;

import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.activities.containers.EngineException;
import dev.crawlyard.workflows.task.StopMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spider running in a container: the container, created on the node's engine, and the local
 * docker CLI attached to its stdin, stdout and stderr, whose exit is the container's. The CLI runs
 * in a process group of its own, on record in the node's ledger like any spider's. Stopping goes
 * through the engine (the cancel message on the attached stdin, then SIGTERM, then SIGKILL to the
 * container), and {@link #close} removes the container, whichever way the run ended.
 */
final class ContainerRun implements SpiderProcess {

    private static final Logger log = LoggerFactory.getLogger(ContainerRun.class);
    private static final String CANCEL_MESSAGE = "{\"ipc\":true,\"type\":\"cancel\"}\n";
    private static final long POLL_MILLIS = 50;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final DockerEngine engine;
    private final String name;
    private final ProcessGroup client;
    private StopMode stopMode;
    private boolean closed;

    private ContainerRun(DockerEngine engine, String name, ProcessGroup client) {
        this.engine = engine;
        this.name = name;
        this.client = client;
    }

    /**
     * Creates the container {@code name} with these {@code docker create} arguments and starts it
     * attached. A container of the same name left by an earlier try of this attempt is removed first.
     */
    static ContainerRun start(DockerEngine engine, String name, List<String> createArguments,
            Map<String, String> containerEnv, Path directory, ProcessLedger ledger, String nodeId)
            throws EngineException, IOException {
        if (!engine.clearName(name, nodeId)) {
            throw new EngineException("a container named " + name + " exists on this engine and is not this node's");
        }
        Map<String, String> cliEnv = new java.util.HashMap<>(engine.cliEnvironment());
        cliEnv.putAll(containerEnv);
        engine.create(createArguments, cliEnv);
        try {
            ProcessGroup client = ProcessGroup.start(engine.attachCommand(name), directory, engine.cliEnvironment(),
                    false, ledger);
            return new ContainerRun(engine, name, client);
        } catch (IOException | RuntimeException e) {
            engine.remove(name);
            throw e;
        }
    }

    String name() {
        return name;
    }

    @Override
    public Process process() {
        return client.process();
    }

    @Override
    public long pid() {
        return client.pid();
    }

    /** The attached CLI exits when the container does. */
    @Override
    public boolean isAlive() {
        return client.isAlive();
    }

    @Override
    public synchronized StopMode stop(Duration notice, Duration grace) {
        if (stopMode != null) {
            return stopMode;
        }
        if (!isAlive()) {
            stopMode = StopMode.NONE;
            return stopMode;
        }
        // The container's main process is looked up while the notice period runs, so that the signals
        // after it go straight to it, with no engine call in the way of the grace period.
        CompletableFuture<Optional<ProcessHandle>> main = CompletableFuture.supplyAsync(this::mainProcess,
                Thread.ofVirtual()::start);
        writeCancelMessage();
        if (awaitGone(notice)) {
            stopMode = StopMode.GRACEFUL;
            return stopMode;
        }
        log.info("container {} still running {} after the cancel message; sending SIGTERM", name, notice);
        Optional<ProcessHandle> init = main.getNow(Optional.empty());
        signal(init, "TERM");
        if (awaitGone(grace)) {
            stopMode = StopMode.TERMINATED;
            return stopMode;
        }
        log.info("container {} still running {} after SIGTERM; sending SIGKILL", name, grace);
        // SIGKILL to the init of the container's pid namespace ends everything in it at once.
        signal(init, "KILL");
        kill();
        stopMode = StopMode.FORCED;
        return stopMode;
    }

    /** The container's main process on the host, if it runs; a handle keeps a reused pid from being signalled. */
    private Optional<ProcessHandle> mainProcess() {
        long pid = engine.mainPid(name);
        return pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    }

    /** Signals the main process directly when it is known and still the same process, else through the engine. */
    private void signal(Optional<ProcessHandle> init, String signal) {
        if (init.isPresent() && init.get().isAlive()) {
            boolean sent = "KILL".equals(signal) ? init.get().destroyForcibly() : init.get().destroy();
            if (sent) {
                return;
            }
        }
        engine.signal(name, signal);
    }

    @Override
    public synchronized StopMode stopMode() {
        return stopMode;
    }

    @Override
    public void kill() {
        engine.signal(name, "KILL");
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (client.isAlive() && System.nanoTime() < deadline) {
            sleep();
        }
        if (client.isAlive()) {
            client.kill();
        }
    }

    /** What the engine says of the ended container (its exit code, whether its memory limit killed it). */
    Optional<DockerEngine.State> state() {
        return engine.inspect(name);
    }

    /** Removes the container (killing it if it still runs) and the CLI's record. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client.isAlive()) {
            client.kill();
        }
        client.close();
        if (engine.remove(name)) {
            log.info("container {} removed", name);
        }
    }

    private boolean awaitGone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep();
        }
        return true;
    }

    private void writeCancelMessage() {
        try {
            OutputStream stdin = client.process().getOutputStream();
            stdin.write(CANCEL_MESSAGE.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            stdin.close();
        } catch (IOException e) {
            log.debug("could not write the cancel message: {}", e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
