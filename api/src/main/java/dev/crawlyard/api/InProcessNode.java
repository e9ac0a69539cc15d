package dev.crawlyard.api;

import dev.crawlyard.worker.NodeConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker node hosted by the api process, on unless {@code crawlyard.api.in-process-node} is
 * false (API replicas in a cluster usually leave running tasks to dedicated worker-hosts).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "crawlyard.api.in-process-node", matchIfMissing = true)
@Import(NodeConfiguration.class)
class InProcessNode {
}
