package dev.crawlyard.api.errors;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link JsonErrorReportValve} in place of Tomcat's HTML error report (and of the one Spring Boot adds). */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfiguration {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> jsonErrorReports(JsonMapper json) {
        // Runs after Spring Boot's own customizer (order 0), so that its HTML valve is there to be replaced.
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve.getClass() == ErrorReportValve.class) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new JsonErrorReportValve(json));
                // The host adds a valve of this class when it starts unless one is there: ours is.
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
