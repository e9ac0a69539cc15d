package dev.crawlyard.api.files;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Sets the servlet container's limits on multipart uploads from Crawlyard's own, a little above
 * them, so that an upload just over a limit reaches the upload code and gets its precise message;
 * only a request far over the limits is cut off by the container (and answered 413 all the same).
 */
@Configuration(proxyBeanMethods = false)
class UploadLimitsConfiguration {

    /** Room per part for its headers (a file path is up to 512 characters) and boundary. */
    static final int PART_OVERHEAD_BYTES = 4096;

    /** Replaces spring.servlet.multipart.*: one part may be a whole archive. */
    @Bean
    MultipartConfigElement multipartConfigElement(FilesProperties limits) {
        long largestPart = limits.maxTotalSize().toBytes() + 1;
        long largestRequest = limits.maxTotalSize().toBytes() + (long) (limits.maxFiles() + 16) * PART_OVERHEAD_BYTES;
        return new MultipartConfigElement("", largestPart, largestRequest, 0);
    }

    @Bean
    PartLimits uploadPartLimits(FilesProperties limits) {
        return new PartLimits(limits);
    }

    /**
     * Tomcat counts parts and limits their headers on top of the sizes. It runs after Spring Boot's
     * own customizer, which sets server.tomcat.max-part-count (50) and max-part-header-size (512 B),
     * so that these values are the ones that hold.
     */
    static final class PartLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final FilesProperties limits;

        PartLimits(FilesProperties limits) {
            this.limits = limits;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                connector.setMaxPartCount(limits.maxFiles() + 16);
                connector.setMaxPartHeaderSize(PART_OVERHEAD_BYTES);
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
