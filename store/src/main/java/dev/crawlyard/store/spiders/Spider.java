package dev.crawlyard.store.spiders;

import java.time.Instant;
import java.util.Map;

/** A registered spider. */
public record Spider(
        long id,
        String name,
        String description,
        String command,
        Map<String, String> files,
        Map<String, String> env,
        RunSettings settings,
        Instant createdAt,
        Instant updatedAt) {
}
