package dev.crawlyard.worker;

import dev.crawlyard.activities.artifacts.ArtifactLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What a node keeps of the files a run leaves in its output directory ({@code crawlyard.artifacts.*}).
 *
 * @param maxFiles     the most files one run keeps as artifacts (the first in path order); the rest are refused
 * @param maxFileSize  the largest file kept; a larger one is refused and said so in the task's log
 * @param maxTotalSize the most one run keeps in all; what would go past it is refused and said so
 */
@ConfigurationProperties("crawlyard.artifacts")
public record ArtifactProperties(Integer maxFiles, DataSize maxFileSize, DataSize maxTotalSize) {

    public ArtifactProperties {
        maxFiles = maxFiles == null ? ArtifactLimits.DEFAULT_MAX_FILES : maxFiles;
        maxFileSize = maxFileSize == null ? DataSize.ofBytes(ArtifactLimits.DEFAULT_MAX_FILE_BYTES) : maxFileSize;
        maxTotalSize = maxTotalSize == null ? DataSize.ofBytes(ArtifactLimits.DEFAULT_MAX_TOTAL_BYTES) : maxTotalSize;
    }

    /** The limits these settings make. */
    ArtifactLimits limits() {
        return new ArtifactLimits(maxFiles, maxFileSize.toBytes(), maxTotalSize.toBytes());
    }
}
