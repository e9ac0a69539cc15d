package dev.crawlyard.workflows.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link DispatchActivities#claim}.
 *
 * @param taskId         the task to claim
 * @param attempt        which run of the task the claim is for, from 1
 * @param emptyWorkspace whether the claim also makes the attempt's workspace, empty: the task has
 *                       nothing to sync, and its sync step is left out if the claim says where
 *                       the workspace is (a node from before says nothing, and gets the sync)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimRequest(long taskId, int attempt, boolean emptyWorkspace) {

    /** A claim that leaves the workspace to the sync. */
    public ClaimRequest(long taskId, int attempt) {
        this(taskId, attempt, false);
    }
}
