package dev.crawlyard.planning;

import com.uber.m3.tally.Scope;
import com.zaxxer.hikari.HikariDataSource;
import dev.crawlyard.planning.temporal.TemporalClients;
import dev.crawlyard.planning.temporal.TemporalProperties;
import dev.crawlyard.store.config.DataSources;
import dev.crawlyard.store.config.DatabaseProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections of a process that joins a platform: to the configured PostgreSQL
 * ({@code crawlyard.db.*}) and Temporal ({@code crawlyard.temporal.*}), or, for a blank setting, to
 * those of a standalone platform on this machine. The api alone and worker nodes use it; the
 * standalone platform connects to its embedded servers instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DatabaseProperties.class, TemporalProperties.class})
public class ConfiguredConnections {

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties) {
        String url = properties.url().isEmpty() ? DatabaseProperties.STANDALONE_URL : properties.url();
        return DataSources.pooled(url, properties);
    }

    @Bean(destroyMethod = "shutdown")
    WorkflowServiceStubs workflowServiceStubs(TemporalProperties properties, Scope temporalMetrics) {
        return TemporalClients.stubs(properties, TemporalProperties.STANDALONE_ADDRESS, temporalMetrics);
    }

    @Bean
    WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
        return TemporalClients.client(stubs, properties);
    }
}
