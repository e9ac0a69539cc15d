package dev.crawlyard.workflows.webhooks;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Sending webhook deliveries; any process hosting workflows runs them. */
@ActivityInterface
public interface WebhookActivities {

    /**
     * Sends the delivery once and records the attempt. Returns normally when it is done with (2xx;
     * 410, which disables the subscription; a disabled subscription); throws so that Temporal retries
     * on any other answer or none.
     */
    @ActivityMethod
    void send(long deliveryId);

    /** Marks the delivery failed: its retries ran out. */
    @ActivityMethod
    void giveUp(long deliveryId);
}
