package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * The limits, retries and waits of one task, fixed when it is created.
 *
 * @param runtimeLimit      how long one run of the process may take before it is stopped as timed out; zero for no limit
 * @param memoryLimitBytes  the address space each process of the spider may use; zero for no limit
 * @param maxAttempts       how many times the spider is run when it fails (1: no retry); lost nodes do not count
 * @param retryBackoff      the wait before the first retry, doubled for each further one
 * @param nodeWait          how long the task may wait for a node to take it before it ends abnormal
 * @param stopGracePeriod   how long a stopped spider gets between SIGTERM and SIGKILL
 * @param heartbeatTimeout  a running spider's node that has not heartbeated for this long is taken as lost
 * @param maxLostNodes      the task ends abnormal when it has lost this many nodes; each loss before that
 *                          sends it back to dispatch (absent from tasks made before it existed: the default)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskPolicy(
        Duration runtimeLimit,
        long memoryLimitBytes,
        int maxAttempts,
        Duration retryBackoff,
        Duration nodeWait,
        Duration stopGracePeriod,
        Duration heartbeatTimeout,
        int maxLostNodes) {

    public static final Duration DEFAULT_NODE_WAIT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_LOST_NODES = 3;

    /** One run, no limits, the default waits. */
    public static final TaskPolicy DEFAULTS = new TaskPolicy(null, 0, 1, null, null, null, null);

    /**
     * The canonical constructor, the one the payload converter uses (the record has two).
     */
    @JsonCreator
    public TaskPolicy {
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
        maxAttempts = Math.max(1, maxAttempts);
        retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
        nodeWait = nodeWait == null ? DEFAULT_NODE_WAIT : nodeWait;
        stopGracePeriod = stopGracePeriod == null ? DEFAULT_STOP_GRACE_PERIOD : stopGracePeriod;
        heartbeatTimeout = heartbeatTimeout == null ? DEFAULT_HEARTBEAT_TIMEOUT : heartbeatTimeout;
        maxLostNodes = maxLostNodes < 1 ? DEFAULT_MAX_LOST_NODES : maxLostNodes;
    }

    /** A policy with the default limit of lost nodes. */
    public TaskPolicy(Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, Duration retryBackoff,
            Duration nodeWait, Duration stopGracePeriod, Duration heartbeatTimeout) {
        this(runtimeLimit, memoryLimitBytes, maxAttempts, retryBackoff, nodeWait, stopGracePeriod, heartbeatTimeout,
                DEFAULT_MAX_LOST_NODES);
    }

    /** True when the process has a runtime limit. */
    public boolean hasRuntimeLimit() {
        return !runtimeLimit.isZero() && !runtimeLimit.isNegative();
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoffBefore(int retry) {
        return retryBackoff.multipliedBy(1L << Math.min(retry - 1, 20));
    }
}
