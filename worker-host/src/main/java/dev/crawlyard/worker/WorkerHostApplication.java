package dev.crawlyard.worker;

import dev.crawlyard.planning.ConfiguredConnections;
import dev.crawlyard.planning.health.HealthConfiguration;
import dev.crawlyard.planning.metrics.MetricsConfiguration;
import dev.crawlyard.store.config.StoreConfiguration;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * A worker node in its own JVM. It connects to the Temporal and PostgreSQL that the api uses (by
 * default those of a standalone platform on this machine) and runs tasks; it does not migrate the
 * database, which is the api's job. Its only web server is the management port
 * ({@code crawlyard.node.management-port}): health probes under {@code /health} and the Prometheus
 * text at {@code /metrics}.
 */
@SpringBootApplication
@Import({NodeConfiguration.class, WorkflowHostConfiguration.class, StoreConfiguration.class, ConfiguredConnections.class,
        HealthConfiguration.class, MetricsConfiguration.class})
public class WorkerHostApplication {

    private static final Logger log = LoggerFactory.getLogger(WorkerHostApplication.class);

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with the worker-host's defaults, for this main and for tests that start a node in-process. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(WorkerHostApplication.class);
        // Defaults in code rather than in an application.properties, which would clash with the
        // api's on the standalone platform's classpath (it hosts a node from this module).
        application.setDefaultProperties(Map.ofEntries(
                Map.entry("spring.application.name", "crawlyard-worker-host"),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("spring.flyway.enabled", "false"),
                Map.entry("logging.level.io.temporal", "WARN"),
                // Every claim a full node refuses is a failed attempt the SDK would log with its stack.
                Map.entry("logging.level.io.temporal.internal.activity.ActivityTaskExecutors", "ERROR"),
                Map.entry("logging.level.io.grpc", "WARN"),
                // The management port serves the probes and the Prometheus text, and nothing else.
                Map.entry("management.endpoints.web.base-path", "/"),
                Map.entry("management.endpoints.web.exposure.include", "health,prometheus"),
                Map.entry("management.endpoints.web.path-mapping.prometheus", "metrics"),
                Map.entry("management.endpoints.web.discovery.enabled", "false"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                Map.entry("management.endpoint.health.probes.add-additional-paths", "false"),
                Map.entry("management.endpoint.health.group.liveness.include", "livenessState"),
                Map.entry("management.endpoint.health.group.readiness.include", "readinessState,database,temporal"),
                Map.entry("management.endpoint.health.show-components", "always"),
                Map.entry("management.endpoint.health.show-details", "never"),
                Map.entry("management.health.db.enabled", "false")));
        return application;
    }

    @EventListener
    void onManagementPort(WebServerInitializedEvent event) {
        log.info("management port {}: health probes at /health/liveness and /health/readiness, Prometheus text at /metrics",
                event.getWebServer().getPort());
    }

    /** The management port and address come from the node's settings, not from Spring's server.*. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> managementPort(NodeProperties properties) {
        return factory -> {
            factory.setPort(properties.managementPort());
            try {
                factory.setAddress(InetAddress.getByName(properties.managementAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("crawlyard.node.management-address: unknown host "
                        + properties.managementAddress(), e);
            }
        };
    }
}
