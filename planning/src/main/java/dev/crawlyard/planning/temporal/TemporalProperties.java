package dev.crawlyard.planning.temporal;

import dev.crawlyard.store.config.SecretFiles;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Temporal is ({@code crawlyard.temporal.*}).
 *
 * @param address    host:port of the Temporal frontend; blank in the api means "start an embedded one",
 *                   and in a worker means the standalone platform's default, 127.0.0.1:7233
 * @param namespace  the Temporal namespace
 * @param apiKey     the API key sent with every call ({@code Authorization: Bearer}); blank means the one
 *                   in {@code api-key-file}, if that file exists, else none
 * @param apiKeyFile a file whose first line is the API key, read when no key is set; the default is
 *                   where a standalone platform on this machine keeps its embedded Temporal's key
 * @param tls        whether to speak TLS to the frontend (system trust store), as Temporal Cloud needs;
 *                   off for the embedded server and the compose stack, which speak plain gRPC
 */
@ConfigurationProperties("crawlyard.temporal")
public record TemporalProperties(String address, String namespace, String apiKey, Path apiKeyFile,
        Boolean tls) {

    /** Where a standalone platform's embedded Temporal listens unless told otherwise. */
    public static final String STANDALONE_ADDRESS = "127.0.0.1:7233";

    public TemporalProperties {
        address = address == null ? "" : address.trim();
        namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
        apiKey = apiKey == null ? "" : apiKey.strip();
        apiKeyFile = apiKeyFile == null || apiKeyFile.toString().isBlank()
                ? Path.of(System.getProperty("user.home"), ".crawlyard", "temporal.key") : apiKeyFile;
        tls = tls != null && tls;
    }

    /** The key to send: the configured one, else the key file's, else empty (none sent). */
    public String resolvedApiKey() {
        return apiKey.isEmpty() ? SecretFiles.readIfPresent(apiKeyFile).orElse("") : apiKey;
    }
}
