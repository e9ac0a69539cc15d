package dev.crawlyard.planning;

import dev.crawlyard.workflows.task.TaskPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The waits every task gets ({@code crawlyard.tasks.*}), read by every process that makes tasks: the
 * api for runs by hand, and whichever process hosts the workflows for schedule firings. Give every
 * process of a cluster the same values (the compose file does).
 *
 * @param nodeWait         how long a task may wait for a node to take it before it ends abnormal
 * @param stopGracePeriod  how long a stopped spider gets between SIGTERM and SIGKILL
 * @param heartbeatTimeout a running task whose node has not heartbeated for this long is taken as lost
 *                         and dispatched again
 * @param nodeOfflineAfter a node that has not reported for this long is shown offline and left out of
 *                         "all nodes" runs
 * @param maxLostNodes     a task that has lost this many nodes ends abnormal; each loss before that sends
 *                         it back to dispatch
 */
@ConfigurationProperties("crawlyard.tasks")
public record TaskSettings(Duration nodeWait, Duration stopGracePeriod, Duration heartbeatTimeout,
        Duration nodeOfflineAfter, Integer maxLostNodes) {

    public TaskSettings {
        nodeWait = nodeWait == null ? TaskPolicy.DEFAULT_NODE_WAIT : nodeWait;
        stopGracePeriod = stopGracePeriod == null ? TaskPolicy.DEFAULT_STOP_GRACE_PERIOD : stopGracePeriod;
        heartbeatTimeout = heartbeatTimeout == null ? TaskPolicy.DEFAULT_HEARTBEAT_TIMEOUT : heartbeatTimeout;
        nodeOfflineAfter = nodeOfflineAfter == null ? Duration.ofSeconds(15) : nodeOfflineAfter;
        maxLostNodes = maxLostNodes == null ? TaskPolicy.DEFAULT_MAX_LOST_NODES : maxLostNodes;
        if (maxLostNodes < 1) {
            throw new IllegalArgumentException("crawlyard.tasks.max-lost-nodes must be 1 or more, not " + maxLostNodes);
        }
    }

    /** The defaults, as a process with no settings gets them. */
    public static TaskSettings defaults() {
        return new TaskSettings(null, null, null, null, null);
    }

    /** The waits a task made now gets. */
    public TaskPlanner.Waits waits() {
        return new TaskPlanner.Waits(nodeWait, stopGracePeriod, heartbeatTimeout, maxLostNodes);
    }
}
