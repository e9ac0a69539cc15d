package dev.crawlyard.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the string maps and lists kept in JSONB columns (files, params, env, nodes). */
public final class JsonColumns {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(JsonColumns.class);

    private JsonColumns() {
    }

    public static String write(Map<String, String> map) {
        return MAPPER.writeValueAsString(map == null ? Map.of() : map);
    }

    /**
     * A JSON object of strings. A row written by other means than the platform (by hand, or before a
     * check existed) may hold other values: they are read as their JSON text, and anything but an
     * object as an empty map, so that one such row cannot fail a listing or the platform's start.
     */
    public static Map<String, String> readStringMap(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode tree = MAPPER.readTree(json);
        if (!tree.isObject()) {
            log.warn("a JSON column holds {} where an object of strings was expected; read as empty", tree.getNodeType());
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        tree.properties().forEach(e -> map.put(e.getKey(), e.getValue().isString() ? e.getValue().asString()
                : e.getValue().toString()));
        return map;
    }

    public static String writeList(List<String> list) {
        return MAPPER.writeValueAsString(list == null ? List.of() : list);
    }

    /** A JSON array of strings; other values are read as their JSON text, and anything but an array as empty. */
    public static List<String> readStringList(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode tree = MAPPER.readTree(json);
        if (!tree.isArray()) {
            log.warn("a JSON column holds {} where an array of strings was expected; read as empty", tree.getNodeType());
            return List.of();
        }
        List<String> list = new java.util.ArrayList<>();
        tree.forEach(e -> list.add(e.isString() ? e.asString() : e.toString()));
        return List.copyOf(list);
    }
}
