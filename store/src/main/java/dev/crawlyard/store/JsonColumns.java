package dev.crawlyard.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the string maps and lists kept in JSONB columns (files, params, env, nodes). */
public final class JsonColumns {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
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

    public static String writeList(List<String> list) {
        return MAPPER.writeValueAsString(list == null ? List.of() : list);
    }

    public static List<String> readStringList(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        return List.copyOf(MAPPER.readValue(json, STRING_LIST));
    }
}
