package dev.crawlyard.planning.metrics;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's metrics settings ({@code crawlyard.metrics.*}).
 *
 * @param spiders the spider names that get a {@code spider} tag of their own on the task metrics; every
 *                other spider is tagged {@code other}, so that user-chosen names cannot grow the series
 *                without bound
 */
@ConfigurationProperties("crawlyard.metrics")
public record MetricsProperties(List<String> spiders) {

    public MetricsProperties {
        spiders = spiders == null ? List.of() : List.copyOf(spiders);
    }
}
