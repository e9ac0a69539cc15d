package dev.crawlyard.standalone;

import dev.crawlyard.worker.NodeConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker node hosted by the standalone platform, on unless {@code crawlyard.standalone.in-process-node}
 * is false (a platform whose tasks run only on worker-hosts in other JVMs, as the cluster tests do).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "crawlyard.standalone.in-process-node", matchIfMissing = true)
@Import(NodeConfiguration.class)
class InProcessNode {
}
