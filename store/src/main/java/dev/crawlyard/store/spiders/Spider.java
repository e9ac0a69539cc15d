package dev.crawlyard.store.spiders;

import dev.crawlyard.store.files.ManifestEntry;
import java.time.Instant;
import java.util.Map;

/**
 * A registered spider.
 *
 * @param currentVersion the version of its files that runs use when they name none, or null if it has no files
 * @param files          the files of that version: relative path to hash and size, sorted by path
 */
public record Spider(
        long id,
        String name,
        String description,
        String command,
        Integer currentVersion,
        Map<String, ManifestEntry> files,
        Map<String, String> env,
        RunSettings settings,
        Instant createdAt,
        Instant updatedAt) {
}
