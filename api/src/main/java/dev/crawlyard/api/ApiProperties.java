package dev.crawlyard.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The API's settings ({@code crawlyard.api.*}). The waits tasks get are {@code crawlyard.tasks.*}
 * ({@link dev.crawlyard.planning.TaskSettings}), shared with the workflow host.
 *
 * @param publicUrl   the URL printed for users; blank means http://127.0.0.1:{server.port}
 * @param maxBodySize the largest request body other than a file upload (those have crawlyard.files.*); larger is a 413
 * @param runTimeout  how long a run request waits for Temporal to make its tasks and start their
 *                    workflows before it answers 503 (the run goes on; the same request with the same
 *                    {@code Idempotency-Key} gets its tasks)
 * @param forcedDeleteWait how long a forced spider delete waits for the tasks it cancelled to end before it answers 409
 * @param temporalUiUrl the Temporal web UI's address as users reach it (compose: http://localhost:8233), for a
 *                      link from each task to its workflow there; blank: no link
 */
@ConfigurationProperties("crawlyard.api")
public record ApiProperties(String publicUrl, DataSize maxBodySize, Duration runTimeout, Duration forcedDeleteWait,
        String temporalUiUrl) {

    public ApiProperties {
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
        // Inline files may hold 5 MB, and JSON escaping adds to that.
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(8) : maxBodySize;
        if (maxBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("crawlyard.api.max-body-size must be positive");
        }
        runTimeout = runTimeout == null ? Duration.ofSeconds(30) : runTimeout;
        if (runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("crawlyard.api.run-timeout must be positive");
        }
        forcedDeleteWait = forcedDeleteWait == null ? Duration.ofSeconds(60) : forcedDeleteWait;
        temporalUiUrl = temporalUiUrl == null ? "" : temporalUiUrl.trim().replaceAll("/+$", "");
    }
}
