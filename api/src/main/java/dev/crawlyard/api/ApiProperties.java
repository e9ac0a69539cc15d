package dev.crawlyard.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API's settings ({@code crawlyard.api.*}).
 *
 * @param inProcessNode      whether this process also runs a worker node (standalone and small setups)
 * @param nodeWait           how long a task may wait for a node before it ends abnormal
 * @param stopGracePeriod    how long a stopped spider gets between SIGTERM and SIGKILL
 * @param publicUrl          the URL printed for users; blank means http://127.0.0.1:{server.port}
 * @param heartbeatTimeout   a running task whose node has not heartbeated for this long is taken as lost
 *                           and dispatched again
 * @param nodeOfflineAfter   a node that has not reported for this long is shown offline and left out of
 *                           "all nodes" runs
 * @param hostWorkflows      whether this process runs task workflows when it runs no node of its own
 */
@ConfigurationProperties("crawlyard.api")
public record ApiProperties(Boolean inProcessNode, Duration nodeWait, Duration stopGracePeriod, String publicUrl,
        Duration heartbeatTimeout, Duration nodeOfflineAfter, Boolean hostWorkflows) {

    public ApiProperties {
        inProcessNode = inProcessNode == null ? Boolean.TRUE : inProcessNode;
        nodeWait = nodeWait == null ? Duration.ofMinutes(10) : nodeWait;
        stopGracePeriod = stopGracePeriod == null ? Duration.ofSeconds(10) : stopGracePeriod;
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
        heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(20) : heartbeatTimeout;
        nodeOfflineAfter = nodeOfflineAfter == null ? Duration.ofSeconds(15) : nodeOfflineAfter;
        hostWorkflows = hostWorkflows == null ? Boolean.TRUE : hostWorkflows;
    }

    /** The waits every task made through the api gets. */
    public dev.crawlyard.activities.tasks.TaskPlanner.Waits waits() {
        return new dev.crawlyard.activities.tasks.TaskPlanner.Waits(nodeWait, stopGracePeriod, heartbeatTimeout);
    }
}
