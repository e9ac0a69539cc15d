package dev.crawlyard.activities.dependencies;

import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.files.Workspaces;
import dev.crawlyard.activities.processes.ProcessLedger;
import dev.crawlyard.activities.dependencies.EnvironmentPlan.InstallStep;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The node's built environments, one directory per key under {@code <workRoot>/envs}. An
 * environment is built once: concurrent tasks that need the same one wait for the first to build
 * it (a lock per key in this JVM, and a file lock for other JVMs sharing the work directory), and
 * it counts as built only once its marker file is written, so that an install that failed or was
 * cut short is started again from scratch.
 */
final class EnvironmentCache {

    private static final String MARKER = EnvironmentSpace.MARKER;

    /** How often an install waiting for another's lock looks whether its node is stopping. */
    private static final Duration LOCK_LOOK = Duration.ofMillis(200);

    private final Path root;
    private final Duration timeout;
    private final ProcessLedger ledger;
    private final EnvironmentSpace space;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Environments under {@code root}, kept within {@code capBytes} (0: no cap) as tasks leave the node. */
    EnvironmentCache(Path root, Duration timeout, ProcessLedger ledger, long capBytes) {
        this.root = root;
        this.timeout = timeout;
        this.ledger = ledger;
        this.space = new EnvironmentSpace(root, capBytes);
    }

    /** The task left this node: the environments it used may be removed to keep within the cap. */
    void release(long taskId) {
        space.release(taskId);
    }

    /** An environment ready for use, and whether this call built it. */
    record Ready(Path directory, boolean installed) {
    }

    /**
     * The environment of {@code plan}, built now if the node does not have it.
     *
     * @param env the variables its install commands run with
     * @throws ApplicationFailure of type DEPENDENCIES if the install fails or times out
     */
    Ready obtain(long taskId, EnvironmentPlan plan, Path workspace, Map<String, String> env, Runner runner,
            BooleanSupplier stopping, InstallLog log)
            throws IOException, InstallProcess.Stopped, InterruptedException {
        Path directory = root.resolve(plan.directoryName());
        if (space.use(taskId, directory)) {
            log.line("dependencies: " + plan.kind().label() + " environment " + plan.shortName() + " for "
                    + plan.source() + " is cached on this node; reusing it");
            return new Ready(directory, false);
        }
        Files.createDirectories(root);
        ReentrantLock lock = locks.computeIfAbsent(plan.key(), key -> new ReentrantLock());
        if (!lock.tryLock()) {
            log.line("dependencies: waiting for another task on this node that is installing " + plan.shortName());
            while (!lock.tryLock(LOCK_LOOK.toMillis(), TimeUnit.MILLISECONDS)) {
                stopIf(stopping, plan, log);
                log.flushIfDue();
            }
        }
        try (FileChannel lockFile = FileChannel.open(root.resolve(plan.directoryName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockOf(lockFile, plan, stopping, log)) {
            if (Files.exists(directory.resolve(MARKER))) {
                log.line("dependencies: " + plan.shortName() + " was installed meanwhile; reusing it");
                return new Ready(directory, false);
            }
            stopIf(stopping, plan, log);
            build(plan, directory, workspace, env, runner, stopping, log);
            space.built(directory);
        } finally {
            lock.unlock();
        }
        space.trim();
        return new Ready(directory, true);
    }

    /** The machine-wide lock on the environment's directory, waited for while the node is not stopping. */
    private static FileLock lockOf(FileChannel channel, EnvironmentPlan plan, BooleanSupplier stopping,
            InstallLog log) throws IOException, InstallProcess.Stopped, InterruptedException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            log.line("dependencies: waiting for another process on this machine that is installing " + plan.shortName());
        }
        while (lock == null) {
            stopIf(stopping, plan, log);
            log.flushIfDue();
            Thread.sleep(LOCK_LOOK.toMillis());
            lock = channel.tryLock();
        }
        return lock;
    }

    /** Gives the install up, saying so in the task's log, if the node is stopping. */
    private static void stopIf(BooleanSupplier stopping, EnvironmentPlan plan, InstallLog log)
            throws InstallProcess.Stopped {
        if (stopping.getAsBoolean()) {
            String why = "the install of " + plan.shortName() + " was not started: the node is stopping";
            log.line("dependencies: " + why);
            throw new InstallProcess.Stopped(why);
        }
    }

    /**
     * Builds the environment as the task's runner user (its install runs the spider's own code),
     * then seals it: root-owned and read-only for every spider that uses it afterwards.
     */
    private void build(EnvironmentPlan plan, Path directory, Path workspace, Map<String, String> env, Runner runner,
            BooleanSupplier stopping, InstallLog log) throws IOException, InstallProcess.Stopped, InterruptedException {
        log.line("dependencies: installing " + plan.kind().label() + " environment " + plan.shortName() + " from "
                + plan.source() + " into " + directory);
        // Whatever a failed or interrupted install left behind is not trusted.
        Workspaces.deleteRecursively(directory);
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> seed : plan.seedFiles().entrySet()) {
            Files.write(directory.resolve(seed.getKey()), seed.getValue());
        }
        runner.own(directory);
        Map<String, String> stepEnv = new HashMap<>(env);
        stepEnv.putAll(plan.installEnvironment(directory, workspace));
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        for (InstallStep step : plan.steps(directory, workspace)) {
            int exit;
            try {
                exit = InstallProcess.run(step.argv(), runner, step.inWorkspace() ? workspace : directory, stepEnv,
                        Duration.ofNanos(deadline - System.nanoTime()), stopping, log, ledger);
            } catch (InstallProcess.Stopped e) {
                // Not the spider's failure: the next node installs it afresh.
                runner.killLeftovers();
                discard(directory, log, "dependencies: the install was given up: " + e.getMessage());
                throw e;
            } catch (InstallProcess.TimedOut e) {
                throw failed(plan, directory, runner, log, "the install timed out after " + describe(timeout)
                        + " and was killed: " + e.getMessage());
            } catch (IOException e) {
                throw failed(plan, directory, runner, log, "the install could not start: " + e.getMessage());
            }
            if (exit != 0) {
                throw failed(plan, directory, runner, log, "'" + String.join(" ", step.argv())
                        + "' failed with exit code " + exit);
            }
        }
        // Nothing the install started may still be writing while the environment is sealed.
        runner.killLeftovers();
        runner.users().seal(directory);
        Files.writeString(directory.resolve(MARKER), plan.key() + "\n");
        log.line("dependencies: installed " + plan.shortName() + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static ApplicationFailure failed(EnvironmentPlan plan, Path directory, Runner runner, InstallLog log,
            String why) {
        runner.killLeftovers();
        String output = log.tail();
        discard(directory, log, "dependencies: " + why);
        return ApplicationFailure.newNonRetryableFailure("installing the " + plan.kind().label()
                + " dependencies from " + plan.source() + " failed: " + why + "; the end of its output:\n"
                + output, ErrorKind.DEPENDENCIES.name());
    }

    /** Says {@code line} and removes the half-built environment (nothing of its install runs any more). */
    private static void discard(Path directory, InstallLog log, String line) {
        log.line(line);
        try {
            Workspaces.deleteRecursively(directory);
        } catch (IOException e) {
            log.line("dependencies: could not remove the failed environment " + directory + ": " + e.getMessage());
        }
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
