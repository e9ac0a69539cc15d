package dev.crawlyard.activities.processes;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The spider processes running on this node, by task, so that a stop request reaching the node
 * finds the process its run activity started. A stop for a task whose process has not started
 * yet is remembered, and the process is then never started.
 */
public final class RunningProcesses {

    /** A remembered stop is forgotten after this long if the task's run never arrives. */
    private static final Duration REMEMBER_STOPS = Duration.ofHours(1);

    private final Map<Long, RunningSpider> running = new HashMap<>();
    private final Map<Long, Instant> stoppedBeforeStart = new HashMap<>();

    /**
     * Starts the task's process with {@code starter} and registers it, unless a stop for the task
     * arrived first, in which case nothing is started and empty is returned.
     */
    synchronized Optional<RunningSpider> start(long taskId, Callable<? extends SpiderProcess> starter) throws Exception {
        if (stoppedBeforeStart.remove(taskId) != null) {
            return Optional.empty();
        }
        RunningSpider spider = new RunningSpider(starter.call());
        running.put(taskId, spider);
        return Optional.of(spider);
    }

    /** The task's running process, or empty after remembering that the task must not start. */
    synchronized Optional<RunningSpider> stopTarget(long taskId) {
        RunningSpider spider = running.get(taskId);
        if (spider == null) {
            Instant now = Instant.now();
            stoppedBeforeStart.values().removeIf(at -> at.plus(REMEMBER_STOPS).isBefore(now));
            stoppedBeforeStart.put(taskId, now);
        }
        return Optional.ofNullable(spider);
    }

    /** Spider output waiting on this node's disk to be stored, in bytes, over all running processes. */
    public synchronized long spooledBytes() {
        return running.values().stream().mapToLong(RunningSpider::spooledBytes).sum();
    }

    synchronized void remove(long taskId) {
        running.remove(taskId);
    }
}
