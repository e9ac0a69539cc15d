package dev.crawlyard.api.spiders;

import dev.crawlyard.api.containers.ContainerRequest;
import dev.crawlyard.store.spiders.Spider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A spider as the API shows it: the files of its current version by path and size, not their
 * contents (those are under {@code /api/spiders/{ref}/versions}).
 */
public record SpiderView(long id, String name, String description, String command, List<FileEntry> files,
        Map<String, String> env, long runtimeLimitSeconds, long memoryLimitMb, int maxAttempts,
        long retryBackoffSeconds, String dedupField, String dedupMode, Instant createdAt, Instant updatedAt,
        Integer currentVersion, String installCommand, String type, JsonNode config, ContainerRequest container) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One of the spider's files. */
    public record FileEntry(String path, long size) {
    }

    static SpiderView of(Spider spider) {
        List<FileEntry> files = spider.files().entrySet().stream()
                .map(e -> new FileEntry(e.getKey(), e.getValue().size()))
                .sorted(java.util.Comparator.comparing(FileEntry::path))
                .toList();
        var settings = spider.settings();
        return new SpiderView(spider.id(), spider.name(), spider.description(), spider.command(), files,
                SecretEnv.masked(spider.command(), spider.env()),
                settings.runtimeLimit().toSeconds(), settings.memoryLimitBytes() / (1024 * 1024),
                settings.maxAttempts(), settings.retryBackoff().toSeconds(), settings.dedupField(),
                settings.dedupMode().wireName(), spider.createdAt(), spider.updatedAt(), spider.currentVersion(),
                settings.installCommand(), spider.type().wireName(),
                spider.config() == null ? null : JSON.readTree(spider.config()), ContainerRequest.of(spider.container()));
    }
}
