package dev.crawlyard.api.files;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on uploads of spider files ({@code crawlyard.files.*}).
 *
 * @param maxTotalSize the most bytes one version may hold, unpacked; also the most an uploaded archive may be
 * @param maxFileSize  the most bytes one file of a version may hold
 * @param maxFiles     the most files one version may hold
 * @param maxZipRatio  how many times larger than its compressed size a file in an archive may grow (past 64 KB)
 */
@ConfigurationProperties("crawlyard.files")
public record FilesProperties(DataSize maxTotalSize, DataSize maxFileSize, Integer maxFiles, Integer maxZipRatio) {

    public FilesProperties {
        maxTotalSize = maxTotalSize == null ? DataSize.ofMegabytes(100) : maxTotalSize;
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(20) : maxFileSize;
        maxFiles = maxFiles == null ? 10_000 : maxFiles;
        maxZipRatio = maxZipRatio == null ? 100 : maxZipRatio;
        if (maxTotalSize.toBytes() <= 0 || maxFileSize.toBytes() <= 0 || maxFiles <= 0 || maxZipRatio <= 0) {
            throw new IllegalArgumentException("crawlyard.files.* limits must be positive");
        }
    }
}
