package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.workflows.task.StopMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spider's process started as the leader of its own process group (with {@code setsid}), so
 * that everything it forks can be signalled together, including grandchildren that outlive it.
 * Each group is on record in the node's {@link ProcessLedger} from its start until {@link #close},
 * so that the node's watchdog, or its next start, can stop it should the node die first.
 */
public final class ProcessGroup implements SpiderProcess {

    private static final Logger log = LoggerFactory.getLogger(ProcessGroup.class);
    private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));
    private static final boolean PRLIMIT = Files.isExecutable(Path.of("/usr/bin/prlimit"))
            || Files.isExecutable(Path.of("/bin/prlimit"));
    private static final String CANCEL_MESSAGE = "{\"ipc\":true,\"type\":\"cancel\"}\n";
    private static final long POLL_MILLIS = 50;

    private final Process process;
    private final long groupId;
    private final ProcessLedger ledger;
    private final ProcessLedger.Entry record;
    private StopMode stopMode;

    private ProcessGroup(Process process, ProcessLedger ledger) throws IOException {
        this.process = process;
        // setsid does not fork when its caller is not a group leader, which a freshly spawned child
        // never is, so the leader's pid is the group id.
        this.groupId = process.pid();
        this.ledger = ledger;
        ProcessLedger.Entry entry = null;
        try {
            entry = SETSID ? ledger.record(groupId) : null;
        } catch (IOException e) {
            // Without a record the group cannot be stopped after a crash of the node: do not run it.
            kill();
            throw new IOException("could not record the process group in " + ledger.directory() + ": " + e.getMessage(), e);
        }
        this.record = entry;
    }

    /**
     * Starts {@code command} with {@code /bin/sh -c} as the runner's user in {@code directory} with
     * exactly {@code env}. A positive {@code memoryLimitBytes} caps the address space of every
     * process of the spider (RLIMIT_AS, set by prlimit(1) and inherited by children) where prlimit
     * is available.
     */
    static ProcessGroup start(String command, Runner runner, Path directory, Map<String, String> env,
            long memoryLimitBytes, ProcessLedger ledger) throws IOException {
        List<String> argv = new ArrayList<>();
        if (memoryLimitBytes > 0 && PRLIMIT) {
            argv.add("prlimit");
            argv.add("--as=" + memoryLimitBytes);
        }
        argv.addAll(runner.command(List.of("/bin/sh", "-c", command)));
        return start(argv, directory, env, false, ledger);
    }

    /**
     * Starts {@code argv} (looked up on {@code env}'s PATH) in {@code directory} with exactly
     * {@code env}, in a group of its own; with {@code mergeStderr} its stderr goes to its stdout.
     */
    public static ProcessGroup start(List<String> argv, Path directory, Map<String, String> env, boolean mergeStderr,
            ProcessLedger ledger) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(inOwnSession(argv)).directory(directory.toFile())
                .redirectErrorStream(mergeStderr);
        builder.environment().clear();
        builder.environment().putAll(env);
        return new ProcessGroup(builder.start(), ledger);
    }

    /** {@code argv} started as the leader of a session and process group of its own, where setsid(1) is there. */
    public static List<String> inOwnSession(List<String> argv) {
        List<String> command = new ArrayList<>();
        if (SETSID) {
            command.add("setsid");
        }
        command.addAll(argv);
        return command;
    }

    /** Whether memory limits can be enforced on this machine. */
    static boolean canLimitMemory() {
        return PRLIMIT;
    }

    @Override
    public Process process() {
        return process;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /**
     * Whether any process of the group is still alive. Zombies do not count: an orphan reparented
     * to an init that does not reap (as in some containers and sandboxes) stays a zombie in the
     * group, but it runs nothing and holds nothing.
     */
    @Override
    public boolean isAlive() {
        if (!SETSID) {
            return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
        }
        return ProcessTable.available() ? ProcessTable.groupHasRunning(groupId) : signal("0");
    }

    /**
     * Stops the group in two steps: the cancel message on stdin, then, if anything is left after
     * {@code notice}, SIGTERM to the group, then, if anything is left after {@code grace}, SIGKILL.
     * The answer says which of the three ended it. Safe to call more than once and from several
     * threads; later calls wait for the first and return its answer.
     */
    @Override
    public synchronized StopMode stop(Duration notice, Duration grace) {
        if (stopMode != null) {
            return stopMode;
        }
        if (!isAlive()) {
            stopMode = StopMode.NONE;
            return stopMode;
        }
        writeCancelMessage();
        if (awaitGone(notice)) {
            stopMode = StopMode.GRACEFUL;
            return stopMode;
        }
        log.info("still running {} after the cancel message; sending SIGTERM", notice);
        signal("TERM");
        if (awaitGone(grace)) {
            stopMode = StopMode.TERMINATED;
            return stopMode;
        }
        log.info("still running {} after SIGTERM: {}; sending SIGKILL", grace, survivors());
        kill();
        stopMode = StopMode.FORCED;
        return stopMode;
    }

    /** Waits up to {@code timeout} for every process of the group to end; true if they did. */
    private boolean awaitGone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * The group is done with: its record is removed. Called once the group has been seen gone or
     * has been killed (the runner and the installer make sure of that before they close it).
     */
    @Override
    public void close() {
        if (record != null) {
            ledger.forget(record);
        }
    }

    /** The group's processes as ps(1) lists them, for the log. */
    private String survivors() {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "pid=,stat=,comm=", "-g", Long.toString(groupId))
                    .redirectErrorStream(true)
                    .start();
            String listed = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor(5, TimeUnit.SECONDS);
            return listed.strip().replaceAll("\\s*\\n\\s*", "; ");
        } catch (IOException e) {
            return "(ps failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** SIGKILL to the whole group, then waits until it is gone. */
    @Override
    public void kill() {
        signal("KILL");
        if (!SETSID) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (int i = 0; i < 100 && isAlive(); i++) {
            sleep(POLL_MILLIS);
        }
    }

    /** How the group was stopped, or null if nobody stopped it. */
    @Override
    public synchronized StopMode stopMode() {
        return stopMode;
    }

    private void writeCancelMessage() {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(CANCEL_MESSAGE.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            stdin.close();
        } catch (IOException e) {
            // The spider closed its stdin or already exited; the signal still reaches it.
            log.debug("could not write the cancel message: {}", e.getMessage());
        }
    }

    /** Sends a signal to the group with kill(1); true if some process received it. */
    private boolean signal(String signal) {
        if (!SETSID) {
            if ("TERM".equals(signal)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
            return process.isAlive();
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("could not run kill(1)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
