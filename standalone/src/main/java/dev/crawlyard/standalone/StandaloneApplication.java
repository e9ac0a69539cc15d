package dev.crawlyard.standalone;

import dev.crawlyard.api.ApiConfiguration;
import dev.crawlyard.worker.WorkflowHostConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The whole platform on one machine: the api, the workflow host and one in-process worker node, over
 * an embedded PostgreSQL and an embedded Temporal for whichever of the two is not configured.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ApiConfiguration.class, WorkflowHostConfiguration.class})
public class StandaloneApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with the standalone platform's defaults, for this main and for the benchmark harness. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(StandaloneApplication.class);
        // The in-process node's spiders reach this API on whatever port it was given.
        application.setDefaultProperties(Map.of(
                "spring.application.name", "crawlyard-standalone",
                "crawlyard.node.api-url", "http://127.0.0.1:${server.port:8080}"));
        return application;
    }
}
