package dev.crawlyard.worker;

import dev.crawlyard.planning.ConfiguredConnections;
import dev.crawlyard.store.config.StoreConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * A worker node in its own JVM. It connects to the Temporal and PostgreSQL that the api uses (by
 * default those of a standalone platform on this machine) and runs tasks; it does not migrate the
 * database, which is the api's job.
 */
@SpringBootApplication
@Import({NodeConfiguration.class, WorkflowHostConfiguration.class, StoreConfiguration.class, ConfiguredConnections.class})
public class WorkerHostApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(WorkerHostApplication.class);
        // Defaults in code rather than in an application.properties, which would clash with the
        // api's on the standalone platform's classpath (it hosts a node from this module).
        application.setDefaultProperties(Map.of(
                "spring.application.name", "crawlyard-worker-host",
                "spring.main.web-application-type", "none",
                "spring.main.banner-mode", "off",
                "spring.flyway.enabled", "false",
                "logging.level.io.temporal", "WARN",
                // Every claim a full node refuses is a failed attempt the SDK would log with its stack.
                "logging.level.io.temporal.internal.activity.ActivityTaskExecutors", "ERROR",
                "logging.level.io.grpc", "WARN"));
        application.run(args);
    }
}
