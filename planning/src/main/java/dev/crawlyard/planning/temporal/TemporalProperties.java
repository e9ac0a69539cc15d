package dev.crawlyard.planning.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Temporal is ({@code crawlyard.temporal.*}).
 *
 * @param address   host:port of the Temporal frontend; blank in the api means "start an embedded one",
 *                  and in a worker means the standalone platform's default, 127.0.0.1:7233
 * @param namespace the Temporal namespace
 */
@ConfigurationProperties("crawlyard.temporal")
public record TemporalProperties(String address, String namespace) {

    /** Where a standalone platform's embedded Temporal listens unless told otherwise. */
    public static final String STANDALONE_ADDRESS = "127.0.0.1:7233";

    public TemporalProperties {
        address = address == null ? "" : address.trim();
        namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    }
}
