package dev.crawlyard.worker;

import dev.crawlyard.activities.dependencies.InstallSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * A worker node's settings ({@code crawlyard.node.*}).
 *
 * @param key                 the node's stable key; blank means one is generated once and kept in the work directory
 * @param workDir             where the node keeps workspaces and run files
 * @param apiUrl              the API's base URL as spiders on this node reach it
 * @param heartbeatInterval   how often a running spider's activity heartbeats to Temporal
 * @param shutdownGracePeriod how long a stopping node lets its running activities finish
 * @param outputSpool         how much spider output the node keeps on disk while the database is away,
 *                            per running task, before it stops reading the spider's output
 * @param name                a name for people; the key when blank (set on first registration, then through the API)
 * @param labels              free labels (set on first registration, then through the API)
 * @param maxRunners          the most spider processes at once (set on first registration, then through the API)
 * @param reportInterval      how often the node reports to the database that it is alive (one write)
 * @param installTimeout      how long one dependency install may run before it is killed and its task ends in error
 * @param managementPort      the worker-host process's port for health probes and metrics; 0 picks a free one
 *                            (logged at start). The standalone platform serves its node's on the API's port
 * @param managementAddress   the address the management port is bound to
 */
@ConfigurationProperties("crawlyard.node")
public record NodeProperties(
        String key,
        Path workDir,
        String apiUrl,
        Duration heartbeatInterval,
        Duration shutdownGracePeriod,
        DataSize outputSpool,
        String name,
        Map<String, String> labels,
        Integer maxRunners,
        Duration reportInterval,
        Duration installTimeout,
        Integer managementPort,
        String managementAddress) {

    public NodeProperties {
        key = key == null ? "" : key.trim();
        workDir = workDir == null ? Path.of(System.getProperty("user.home"), ".crawlyard", "work") : workDir;
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "http://127.0.0.1:8080" : apiUrl;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(2) : heartbeatInterval;
        shutdownGracePeriod = shutdownGracePeriod == null ? Duration.ofSeconds(30) : shutdownGracePeriod;
        outputSpool = outputSpool == null ? DataSize.ofMegabytes(64) : outputSpool;
        name = name == null ? "" : name.trim();
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        maxRunners = maxRunners == null ? 8 : maxRunners;
        reportInterval = reportInterval == null ? Duration.ofSeconds(5) : reportInterval;
        installTimeout = installTimeout == null ? InstallSettings.DEFAULT_TIMEOUT : installTimeout;
        managementPort = managementPort == null ? 0 : managementPort;
        managementAddress = managementAddress == null || managementAddress.isBlank() ? "127.0.0.1" : managementAddress.trim();
    }
}
