package dev.crawlyard.activities.processes;

import dev.crawlyard.workflows.task.StopMode;
import java.time.Duration;

/**
 * A running spider as its run activity watches and stops it, whatever runs it: a process group on
 * the node ({@link ProcessGroup}) or a container on the node's engine ({@link ContainerRun}).
 * Either way {@link #process} is a local process whose stdin, stdout and stderr are the spider's,
 * so that its output takes the same path to the stores and the cancel message the same way in.
 */
interface SpiderProcess extends AutoCloseable {

    /** The local process whose streams are the spider's and whose exit is the spider's exit. */
    Process process();

    /** The local process's pid, for the log. */
    long pid();

    /** Whether anything of the spider still runs. */
    boolean isAlive();

    /**
     * Stops the spider in steps: the cancel message on its stdin, then after {@code notice} SIGTERM,
     * then after {@code grace} SIGKILL; says which step ended it. Later calls return the first's answer.
     */
    StopMode stop(Duration notice, Duration grace);

    /** How it was stopped, or null if nobody stopped it. */
    StopMode stopMode();

    /** SIGKILL to everything of the spider, then waits until it is gone. */
    void kill();

    /** Done with: whatever is on record of it is removed. */
    @Override
    void close();
}
