package dev.crawlyard.planning.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The readiness checks' settings ({@code crawlyard.health.*}).
 *
 * @param checkTimeout how long the readiness probe waits for the database or Temporal before it calls it down
 */
@ConfigurationProperties("crawlyard.health")
public record HealthProperties(Duration checkTimeout) {

    public HealthProperties {
        checkTimeout = checkTimeout == null ? Duration.ofSeconds(3) : checkTimeout;
    }
}
