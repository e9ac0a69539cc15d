package dev.crawlyard.api;

import dev.crawlyard.planning.PlanningConfiguration;
import dev.crawlyard.planning.health.HealthConfiguration;
import dev.crawlyard.planning.metrics.MetricsConfiguration;
import dev.crawlyard.planning.webhooks.WebhookConfiguration;
import dev.crawlyard.store.config.StoreConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The REST service's components, stores and planner, without its connections: {@link ApiApplication}
 * connects them to a configured PostgreSQL and Temporal, the standalone platform to embedded ones.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ApiApplication.class))
@ConfigurationPropertiesScan
@Import({StoreConfiguration.class, PlanningConfiguration.class, HealthConfiguration.class, MetricsConfiguration.class,
        WebhookConfiguration.class})
public class ApiConfiguration {
}
