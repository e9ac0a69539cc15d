package dev.crawlyard.api.tasks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live log stream's settings ({@code crawlyard.api.log-stream.*}).
 *
 * @param pollInterval how often an open stream looks for new lines and progress
 * @param heartbeat    how long a stream may stay silent before it sends a comment, so that proxies keep it open
 * @param maxDuration  how long one connection lasts at most; the client reconnects with Last-Event-ID
 * @param maxStreams   how many streams may be open at once; one more is a 503
 */
@ConfigurationProperties("crawlyard.api.log-stream")
public record LogStreamProperties(Duration pollInterval, Duration heartbeat, Duration maxDuration, int maxStreams) {

    public LogStreamProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        maxDuration = maxDuration == null ? Duration.ofMinutes(30) : maxDuration;
        maxStreams = maxStreams <= 0 ? 200 : maxStreams;
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()
                || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("crawlyard.api.log-stream durations must be positive");
        }
    }
}
