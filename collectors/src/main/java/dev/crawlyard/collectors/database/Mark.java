package dev.crawlyard.collectors.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A high-water mark: the incremental column's value and the key of the last row read, as the
 * database writes them as text, so that the next batch (or run) starts exactly past that row.
 */
record Mark(String value, List<String> key) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("value", value);
        map.put("key", key);
        return map;
    }

    String toJson() {
        return JSON.writeValueAsString(toMap());
    }

    /** The mark in a state's {@code highWater}, or null. */
    static Mark of(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("value").isValueNode() || node.path("value").isNull()) {
            return null;
        }
        List<String> key = new ArrayList<>();
        node.path("key").forEach(k -> key.add(k.asString()));
        return new Mark(node.path("value").asString(), List.copyOf(key));
    }

    static Mark parse(String json) {
        return json == null ? null : of(JSON.readTree(json));
    }
}
