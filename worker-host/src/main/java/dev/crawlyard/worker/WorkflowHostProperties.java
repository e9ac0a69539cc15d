package dev.crawlyard.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether this process hosts the workflows ({@code crawlyard.workflow-host.*}).
 *
 * @param enabled whether this process runs task workflows and schedule firings (a worker node or the
 *                standalone platform; the api alone never does)
 */
@ConfigurationProperties("crawlyard.workflow-host")
public record WorkflowHostProperties(Boolean enabled) {

    public WorkflowHostProperties {
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }
}
