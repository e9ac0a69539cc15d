package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a task may run.
 *
 * @param pinnedNode the node the task must run on, or null for any node (random dispatch)
 * @param reassign   for a pinned task: when the node does not take it within the node wait, run it on
 *                   any other node instead of ending it abnormal
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Dispatch(String pinnedNode, boolean reassign) {

    public static final Dispatch ANY_NODE = new Dispatch(null, false);

    public boolean pinned() {
        return pinnedNode != null;
    }
}
