package dev.crawlyard.workflows.webhooks;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One webhook delivery: Temporal retries the send with exponential back-off until the receiver takes
 * it or the retry window closes. Workflow id {@code webhook-delivery-<id>} (and {@code -r<n>} for a
 * redelivery), so a delivery is never sent by two workflows at once.
 */
@WorkflowInterface
public interface WebhookDeliveryWorkflow {

    @WorkflowMethod
    void deliver(DeliveryRequest request);

    static String workflowId(long deliveryId) {
        return "webhook-delivery-" + deliveryId;
    }
}
