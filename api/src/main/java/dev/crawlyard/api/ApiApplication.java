package dev.crawlyard.api;

import com.uber.m3.tally.Scope;
import com.zaxxer.hikari.HikariDataSource;
import dev.crawlyard.planning.temporal.TemporalClients;
import dev.crawlyard.planning.temporal.TemporalProperties;
import dev.crawlyard.store.config.DataSources;
import dev.crawlyard.store.config.DatabaseProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Crawlyard API on its own: the REST service, a Temporal client only, over the configured
 * PostgreSQL ({@code crawlyard.db.*}) and Temporal ({@code crawlyard.temporal.*}); when either is not
 * configured, those of a standalone platform on this machine. It runs no node and no workflows: worker
 * nodes do (the compose stack), or the standalone platform.
 */
@SpringBootApplication(scanBasePackageClasses = ApiApplication.class)
@EnableConfigurationProperties({DatabaseProperties.class, TemporalProperties.class})
@Import(ApiConfiguration.class)
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties) {
        String url = properties.url().isEmpty() ? DatabaseProperties.STANDALONE_URL : properties.url();
        return DataSources.pooled(url, properties);
    }

    @Bean(destroyMethod = "shutdown")
    WorkflowServiceStubs workflowServiceStubs(TemporalProperties properties, Scope temporalMetrics) {
        String address = properties.address().isEmpty() ? TemporalProperties.STANDALONE_ADDRESS : properties.address();
        return TemporalClients.stubs(address, temporalMetrics);
    }

    @Bean
    WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
        return TemporalClients.client(stubs, properties);
    }
}
