package dev.crawlyard.store;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the string maps kept in JSONB columns (files, params, env). */
public final class JsonColumns {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static String write(Map<String, String> map) {
        return MAPPER.writeValueAsString(map == null ? Map.of() : map);
    }

    public static Map<String, String> readStringMap(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return MAPPER.readValue(json, STRING_MAP);
    }
}
