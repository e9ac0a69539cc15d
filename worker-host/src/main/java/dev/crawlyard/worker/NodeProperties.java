package dev.crawlyard.worker;

import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.activities.DiskLimits;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.processes.RunnerSettings;
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
 * @param isolateSpiders      whether a node running as root runs each spider (and its dependency installs) as an
 *                            unprivileged user of its own runner slot; off, spiders run as root
 * @param runnerUidBase       the first uid of the runner users' range; each node on a machine takes a block of 100
 * @param spiderDir           where spiders' workspaces, run files, dependency environments and the SDK are kept;
 *                            blank means the work directory, or, when spiders run as runner users,
 *                            /var/lib/crawlyard/spiders/&lt;hash of the work directory&gt;
 * @param stopNoticePeriod    how long a spider being stopped has, after the cancel message on its stdin, to exit
 *                            by itself before it is sent SIGTERM (at most 20 s)
 * @param keepWorkspaces      how many ended tasks keep their workspace and run directory on the node, for debugging
 * @param blobCacheSize       the most the node's cache of spider file bodies may hold (0: no cap)
 * @param environmentsSize    the most the node's dependency environments may take (0: no cap)
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
        Boolean isolateSpiders,
        Integer runnerUidBase,
        Path spiderDir,
        Duration stopNoticePeriod,
        Integer keepWorkspaces,
        DataSize blobCacheSize,
        DataSize environmentsSize,
        Integer managementPort,
        String managementAddress) {

    /** The stop step allows the grace period and 30 s more; the notice period must fit in that. */
    static final Duration MOST_STOP_NOTICE = Duration.ofSeconds(20);

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
        isolateSpiders = isolateSpiders == null ? Boolean.TRUE : isolateSpiders;
        runnerUidBase = runnerUidBase == null ? RunnerUsers.DEFAULT_UID_BASE : runnerUidBase;
        spiderDir = spiderDir == null || spiderDir.toString().isBlank() ? null : spiderDir;
        stopNoticePeriod = stopNoticePeriod == null ? RunnerSettings.DEFAULT_STOP_NOTICE_PERIOD : stopNoticePeriod;
        if (stopNoticePeriod.isNegative() || stopNoticePeriod.compareTo(MOST_STOP_NOTICE) > 0) {
            throw new IllegalArgumentException("crawlyard.node.stop-notice-period must be between 0 and "
                    + MOST_STOP_NOTICE.toSeconds() + "s, not " + stopNoticePeriod);
        }
        keepWorkspaces = keepWorkspaces == null ? DiskLimits.DEFAULT_KEEP_WORKSPACES : Math.max(0, keepWorkspaces);
        blobCacheSize = blobCacheSize == null ? DataSize.ofBytes(DiskLimits.DEFAULT_BLOB_CACHE_BYTES) : blobCacheSize;
        environmentsSize = environmentsSize == null ? DataSize.ofBytes(DiskLimits.DEFAULT_ENVIRONMENT_BYTES)
                : environmentsSize;
        managementPort = managementPort == null ? 0 : managementPort;
        managementAddress = managementAddress == null || managementAddress.isBlank() ? "127.0.0.1" : managementAddress.trim();
    }

    /** The disk limits these settings make. */
    DiskLimits diskLimits() {
        return new DiskLimits(keepWorkspaces, blobCacheSize.toBytes(), environmentsSize.toBytes());
    }
}
