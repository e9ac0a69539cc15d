package dev.crawlyard.workflows.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * Input of a webhook delivery: which delivery row to send, and how its retries back off (fixed when the
 * delivery is made, so that the workflow stays deterministic).
 *
 * @param deliveryId      the delivery row; its payload and subscription are read by the activity
 * @param initialInterval the wait before the first retry; each later one doubles, up to {@code maxInterval}
 * @param maxInterval     the longest wait between two attempts
 * @param retryFor        how long after the first attempt retries go on before the delivery ends as failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryRequest(long deliveryId, Duration initialInterval, Duration maxInterval, Duration retryFor) {
}
