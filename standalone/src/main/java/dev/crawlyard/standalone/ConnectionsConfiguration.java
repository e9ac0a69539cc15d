package dev.crawlyard.standalone;

import com.uber.m3.tally.Scope;
import com.zaxxer.hikari.HikariDataSource;
import dev.crawlyard.store.config.DataSources;
import dev.crawlyard.store.config.DatabaseProperties;
import dev.crawlyard.planning.temporal.TemporalClients;
import dev.crawlyard.planning.temporal.TemporalProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platform's database and Temporal connections: to the configured ones, or, for whichever is not
 * configured, to an embedded one started here (standalone mode).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DatabaseProperties.class, TemporalProperties.class})
class ConnectionsConfiguration {

    @Bean
    EmbeddedServices embeddedServices(DatabaseProperties database, TemporalProperties temporal,
            StandaloneProperties standalone) {
        return EmbeddedServices.start(database.url().isEmpty(), temporal.address().isEmpty(), standalone);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties database, EmbeddedServices embedded) {
        if (embedded.jdbcUrl().isPresent()) {
            return DataSources.pooled(embedded.jdbcUrl().get(), EmbeddedPostgres.SUPERUSER,
                    embedded.databasePassword().orElseThrow(), database);
        }
        return DataSources.pooled(database.url(), database);
    }

    @Bean(destroyMethod = "shutdown")
    WorkflowServiceStubs workflowServiceStubs(TemporalProperties temporal, EmbeddedServices embedded,
            Scope temporalMetrics) {
        return embedded.temporalAddress().isPresent()
                ? TemporalClients.stubs(embedded.temporalAddress().get(), embedded.temporalApiKey().orElseThrow(), false,
                        temporalMetrics)
                : TemporalClients.stubs(temporal, temporal.address(), temporalMetrics);
    }

    @Bean
    WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties temporal) {
        return TemporalClients.client(stubs, temporal);
    }
}
