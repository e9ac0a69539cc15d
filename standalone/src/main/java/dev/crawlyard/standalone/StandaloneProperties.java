package dev.crawlyard.standalone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded services of standalone mode ({@code crawlyard.standalone.*}), used only for what
 * is not configured: no {@code crawlyard.db.url} starts PostgreSQL, no {@code crawlyard.temporal.address}
 * starts Temporal.
 *
 * @param dataDir      where the embedded PostgreSQL keeps its data between runs; its generated password
 *                     is kept beside it, in {@code <data-dir>.password}, and the embedded Temporal's
 *                     generated API key too, in {@code temporal.key}
 * @param postgresPort the embedded PostgreSQL's port on 127.0.0.1; 0 picks a free one
 * @param temporalPort the embedded Temporal test server's port; other JVMs (worker-hosts) join it here
 * @param inProcessNode whether the platform runs a worker node in its own process
 * @param temporalBindAddress the address the embedded Temporal listens on; it takes only calls with its
 *                     API key, but speaks plain gRPC, so anything but the default 127.0.0.1 sends the
 *                     key and every task's history over the network in the clear
 */
@ConfigurationProperties("crawlyard.standalone")
public record StandaloneProperties(Path dataDir, Integer postgresPort, Integer temporalPort, Boolean inProcessNode,
        String temporalBindAddress) {

    public StandaloneProperties {
        dataDir = dataDir == null ? Path.of(System.getProperty("user.home"), ".crawlyard", "postgres") : dataDir;
        postgresPort = postgresPort == null ? 54329 : postgresPort;
        temporalPort = temporalPort == null ? 7233 : temporalPort;
        inProcessNode = inProcessNode == null ? Boolean.TRUE : inProcessNode;
        temporalBindAddress = temporalBindAddress == null || temporalBindAddress.isBlank() ? "127.0.0.1"
                : temporalBindAddress.trim();
    }

    /** The file holding the embedded PostgreSQL's password, beside its data directory. */
    public Path passwordFile() {
        Path absolute = dataDir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".password");
    }

    /**
     * The file holding the embedded Temporal's API key, beside the data directory: with the default
     * data directory, the file a worker-host on this machine reads by default.
     */
    public Path temporalApiKeyFile() {
        return dataDir.toAbsolutePath().resolveSibling("temporal.key");
    }
}
