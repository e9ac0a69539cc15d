package dev.crawlyard.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API's settings ({@code crawlyard.api.*}). The waits tasks get are {@code crawlyard.tasks.*}
 * ({@link dev.crawlyard.planning.TaskSettings}), shared with the workflow host.
 *
 * @param publicUrl  the URL printed for users; blank means http://127.0.0.1:{server.port}
 * @param runTimeout how long a run request waits for Temporal to make its tasks and start their
 *                   workflows before it answers 503 (the run goes on; the same request with the same
 *                   {@code Idempotency-Key} gets its tasks)
 */
@ConfigurationProperties("crawlyard.api")
public record ApiProperties(String publicUrl, Duration runTimeout) {

    public ApiProperties {
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
        runTimeout = runTimeout == null ? Duration.ofSeconds(30) : runTimeout;
    }
}
