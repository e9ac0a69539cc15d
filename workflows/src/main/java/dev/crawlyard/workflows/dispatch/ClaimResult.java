package dev.crawlyard.workflows.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Output of {@link DispatchActivities#claim}.
 *
 * @param nodeKey   the node that took the attempt; the attempt's other steps run on its queue
 * @param workspace the empty workspace the claim made, if it was asked to ({@link ClaimRequest#emptyWorkspace}),
 *                  else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimResult(String nodeKey, String workspace) {

    /** A claim that made no workspace. */
    public ClaimResult(String nodeKey) {
        this(nodeKey, null);
    }
}
