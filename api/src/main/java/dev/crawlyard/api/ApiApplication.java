package dev.crawlyard.api;

import dev.crawlyard.planning.ConfiguredConnections;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The Crawlyard API on its own: the REST service, a Temporal client only, over the configured
 * PostgreSQL ({@code crawlyard.db.*}) and Temporal ({@code crawlyard.temporal.*}); when either is not
 * configured, those of a standalone platform on this machine. It runs no node and no workflows: worker
 * nodes do (the compose stack), or the standalone platform.
 */
@SpringBootApplication(scanBasePackageClasses = ApiApplication.class)
@Import({ApiConfiguration.class, ConfiguredConnections.class})
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
