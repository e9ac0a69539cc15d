package dev.crawlyard.api.files;

import dev.crawlyard.store.files.SpiderVersion;
import java.time.Instant;

/**
 * A version of a spider's files as the API shows it.
 *
 * @param current whether runs that name no version use this one
 */
public record VersionView(long spiderId, int version, int fileCount, long totalBytes, boolean current,
        Instant createdAt) {

    static VersionView of(SpiderVersion version, Integer currentVersion) {
        return new VersionView(version.spiderId(), version.version(), version.fileCount(), version.totalBytes(),
                currentVersion != null && currentVersion == version.version(), version.createdAt());
    }
}
