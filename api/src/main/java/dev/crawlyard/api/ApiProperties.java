package dev.crawlyard.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API's settings ({@code crawlyard.api.*}). The waits tasks get are {@code crawlyard.tasks.*}
 * ({@link dev.crawlyard.planning.TaskSettings}), shared with the workflow host.
 *
 * @param publicUrl the URL printed for users; blank means http://127.0.0.1:{server.port}
 */
@ConfigurationProperties("crawlyard.api")
public record ApiProperties(String publicUrl) {

    public ApiProperties {
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
    }
}
