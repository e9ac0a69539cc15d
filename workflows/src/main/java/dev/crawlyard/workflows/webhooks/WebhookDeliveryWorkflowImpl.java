package dev.crawlyard.workflows.webhooks;

import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Retries the send with Temporal's back-off; when the window closes, records the delivery as failed. */
public final class WebhookDeliveryWorkflowImpl implements WebhookDeliveryWorkflow {

    /** The receiver gets 10 s to answer; the rest is room for reading the delivery and recording the attempt. */
    static final Duration SEND_TIME = Duration.ofSeconds(20);

    private final WebhookActivities bookkeeping = Workflow.newActivityStub(WebhookActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setScheduleToCloseTimeout(Duration.ofDays(1))
                    .build());

    @Override
    public void deliver(DeliveryRequest request) {
        WebhookActivities sender = Workflow.newActivityStub(WebhookActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setStartToCloseTimeout(SEND_TIME)
                .setScheduleToCloseTimeout(request.retryFor())
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(request.initialInterval())
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(request.maxInterval())
                        .build())
                .build());
        try {
            sender.send(request.deliveryId());
        } catch (ActivityFailure e) {
            bookkeeping.giveUp(request.deliveryId());
        }
    }
}
