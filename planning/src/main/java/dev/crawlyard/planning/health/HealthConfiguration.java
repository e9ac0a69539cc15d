package dev.crawlyard.planning.health;

import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The checks behind every process's readiness probe: the database ({@code database}) and Temporal
 * ({@code temporal}). Liveness checks neither: a process whose database is away is not broken, and
 * restarting it would not bring the database back.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
public class HealthConfiguration {

    @Bean
    HealthIndicator databaseHealthIndicator(JdbcClient jdbc, HealthProperties properties) {
        return new DatabaseHealthIndicator(jdbc, properties.checkTimeout());
    }

    @Bean
    HealthIndicator temporalHealthIndicator(WorkflowServiceStubs stubs, HealthProperties properties) {
        return new TemporalHealthIndicator(stubs, properties.checkTimeout());
    }
}
