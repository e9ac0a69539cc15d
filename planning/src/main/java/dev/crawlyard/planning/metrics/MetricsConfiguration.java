package dev.crawlyard.planning.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.crawlyard.store.spiders.SpiderStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every process's metrics share: the Temporal SDK's own metrics, reported into the process's
 * Micrometer registry (and so into its Prometheus text) through the SDK's Micrometer reporter; and
 * the bounded {@code spider} tag.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    /** How often the SDK's buffered metrics are handed to Micrometer. */
    private static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(5);

    /** The scope the connection to Temporal reports into; closing it reports what is left. */
    @Bean(destroyMethod = "close")
    Scope temporalMetricsScope(MeterRegistry registry) {
        return new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry)).reportEvery(REPORT_EVERY);
    }

    @Bean
    SpiderTags spiderTags(MetricsProperties properties, SpiderStore spiders) {
        return new SpiderTags(properties, spiders);
    }
}
