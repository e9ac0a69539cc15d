package dev.crawlyard.store.spiders;

import dev.crawlyard.store.files.ManifestEntry;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.SpiderType;
import java.time.Instant;
import java.util.Map;

/**
 * A registered spider.
 *
 * @param currentVersion the version of its files that runs use when they name none, or null if it has no files
 * @param files          the files of that version: relative path to hash and size, sorted by path
 * @param type           a command of its own or a built-in type
 * @param config         a built-in type's JSON config, or null
 * @param container      the container its runs start in unless a run names another, or null for a process
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
        Instant updatedAt,
        SpiderType type,
        String config,
        ContainerSpec container) {

    /** A spider that is a command of its own. */
    public Spider(long id, String name, String description, String command, Integer currentVersion,
            Map<String, ManifestEntry> files, Map<String, String> env, RunSettings settings, Instant createdAt,
            Instant updatedAt) {
        this(id, name, description, command, currentVersion, files, env, settings, createdAt, updatedAt,
                SpiderType.COMMAND, null, null);
    }

    /** A spider that runs as a process. */
    public Spider(long id, String name, String description, String command, Integer currentVersion,
            Map<String, ManifestEntry> files, Map<String, String> env, RunSettings settings, Instant createdAt,
            Instant updatedAt, SpiderType type, String config) {
        this(id, name, description, command, currentVersion, files, env, settings, createdAt, updatedAt, type, config,
                null);
    }

    public Spider {
        type = type == null ? SpiderType.COMMAND : type;
    }
}
