package dev.crawlyard.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether this process hosts the workflows ({@code crawlyard.workflow-host.*}).
 *
 * @param enabled whether this process runs task workflows and schedule firings (a worker node or the
 *                standalone platform; the api alone never does)
 * @param sticky  whether a workflow's next steps go to the process that ran its last one (Temporal's
 *                sticky queues, which save replaying its history); false for a process that is restarted
 *                beside Temporal's test server ({@code ./crawlyard temporal}), which never gives a stopped
 *                process's sticky work to another
 */
@ConfigurationProperties("crawlyard.workflow-host")
public record WorkflowHostProperties(Boolean enabled, Boolean sticky) {

    public WorkflowHostProperties {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        sticky = sticky == null ? Boolean.TRUE : sticky;
    }
}
