package dev.crawlyard.collectors.database;

import java.sql.Array;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A row as an item: column name → a JSON value (numbers, booleans and text as they are; times as ISO text). */
final class ItemValues {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ItemValues() {
    }

    static Map<String, Object> item(List<String> columns, Object[] values) throws SQLException {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            item.put(columns.get(i), value(values[i]));
        }
        return item;
    }

    private static Object value(Object value) throws SQLException {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value instanceof java.math.BigDecimal big && big.scale() <= 0 && big.precision() < 19
                    ? big.longValue() : value;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Array array) {
            List<Object> list = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                list.add(value(element));
            }
            return list;
        }
        String text = value.toString();
        // PostgreSQL's json and jsonb come as objects whose text is the JSON.
        if (value.getClass().getName().endsWith("PGobject")) {
            try {
                return JSON.readTree(text);
            } catch (RuntimeException e) {
                return text;
            }
        }
        return text;
    }
}
