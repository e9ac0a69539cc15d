package dev.crawlyard.store.files;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A manifest as it is kept in a JSONB column: {"path": {"sha256": "...", "size": n}, ...}. */
public final class ManifestJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, ManifestEntry>> MANIFEST = new TypeReference<>() {
    };

    private ManifestJson() {
    }

    public static String write(Map<String, ManifestEntry> manifest) {
        return MAPPER.writeValueAsString(manifest);
    }

    /** The manifest, sorted by path. */
    public static Map<String, ManifestEntry> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return Collections.unmodifiableSortedMap(MAPPER.readValue(json, MANIFEST));
    }
}
