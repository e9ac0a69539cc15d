package dev.crawlyard.workflows.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Output of {@link DispatchActivities#claim}.
 *
 * @param nodeKey the node that took the attempt; the attempt's other steps run on its queue
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimResult(String nodeKey) {
}
