package dev.crawlyard.api;

import dev.crawlyard.worker.StoreConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The Crawlyard API. With no Temporal address and no database URL configured it is the whole
 * platform on one machine: embedded Temporal, embedded PostgreSQL and one in-process worker node.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(StoreConfiguration.class)
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ApiApplication.class);
        // The in-process node's spiders reach this API on whatever port it was given.
        application.setDefaultProperties(Map.of("crawlyard.node.api-url", "http://127.0.0.1:${server.port:8080}"));
        application.run(args);
    }
}
