package dev.crawlyard.planning.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings ({@code crawlyard.webhooks.*}), read by the api (subscriptions) and by every
 * process that hosts workflows (deliveries).
 *
 * @param allowPrivateTargets whether a subscription may point at a loopback, private or link-local address
 * @param retryInitialInterval the wait before a failed delivery's first retry; each later one doubles
 * @param retryMaxInterval     the longest wait between two attempts
 * @param retryFor             how long a delivery is retried before it is given up as failed
 * @param timeout              how long the receiver has to answer one attempt
 * @param publicUrl            the API's URL as receivers reach it, for the links in payloads
 */
@ConfigurationProperties("crawlyard.webhooks")
public record WebhookProperties(Boolean allowPrivateTargets, Duration retryInitialInterval, Duration retryMaxInterval,
        Duration retryFor, Duration timeout, String publicUrl) {

    public WebhookProperties {
        allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
        retryInitialInterval = retryInitialInterval == null ? Duration.ofSeconds(30) : retryInitialInterval;
        retryMaxInterval = retryMaxInterval == null ? Duration.ofHours(2) : retryMaxInterval;
        retryFor = retryFor == null ? Duration.ofDays(1) : retryFor;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://127.0.0.1:8080" : publicUrl.trim();
    }
}
