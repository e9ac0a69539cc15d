package dev.crawlyard.activities.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import dev.crawlyard.store.tasks.ProgressValues;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the IPC protocol from stdout lines: a JSON object with {@code "ipc": true} and a
 * {@code type} of {@code data} / {@code INSERT_DATA}, {@code progress} / {@code STATUS},
 * {@code error} / {@code ERROR} or {@code log}. This is also Crawlab 0.7's line format, so its
 * spiders run unchanged. Anything else is a plain log line; a line that claims to be IPC but is not
 * valid is malformed, never fatal.
 */
final class IpcParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NUL_ESCAPE = "\\u0000";

    /** The longest dedup key stored as it is; a longer one is stored as its SHA-256. */
    static final int MAX_DEDUP_KEY_LENGTH = 256;

    /** The most items one data line may carry; their keys are numbered within the line. */
    static final int MAX_ITEMS_PER_LINE = 10_000;

    private final String dedupField;
    private final AtomicLong repaired = new AtomicLong();

    /** @param dedupField the item field whose value is the dedup key, or null */
    IpcParser(String dedupField) {
        this.dedupField = dedupField == null || dedupField.isBlank() ? null : dedupField;
    }

    /**
     * What the line means. Never throws: whatever the spider printed, a line it cannot use is a
     * {@link IpcMessage.Malformed} (kept as a log line and counted as a warning), and one whose
     * values had to be repaired to be stored (a NUL, a number out of range, a message too long) is
     * counted in {@link #repairedLines()}.
     */
    IpcMessage parse(String line) {
        try {
            if (!looksLikeIpc(line)) {
                return new IpcMessage.Plain();
            }
            if (dedupField == null && !line.contains(NUL_ESCAPE)) {
                IpcMessage data = fastData(line);
                if (data != null) {
                    return data;
                }
            }
            Repairs repairs = new Repairs();
            IpcMessage message = parseTree(line, repairs);
            if (repairs.any) {
                repaired.incrementAndGet();
            }
            return message;
        } catch (RuntimeException | StackOverflowError e) {
            return new IpcMessage.Malformed("could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** How many IPC lines had values repaired so that they could be stored. */
    long repairedLines() {
        return repaired.get();
    }

    /** Whether the line being read needed a repair. */
    private static final class Repairs {
        boolean any;

        String text(String value, int max) {
            String safe = ProgressValues.text(value, max);
            any |= safe != null && !safe.equals(value);
            return safe;
        }
    }

    /**
     * The hot path: a data line without dedup, read with the streaming parser, each item kept as
     * the text the spider printed (PostgreSQL normalises it) rather than built into a tree and
     * written out again. Returns null for anything that is not a well-formed data message, which
     * then takes the full path.
     */
    private static IpcMessage fastData(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean ipc = false;
            String type = null;
            List<IpcMessage.Item> items = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "ipc" -> ipc = value == JsonToken.VALUE_TRUE;
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "payload" -> {
                        items = objects(line, parser, value);
                        if (items == null) {
                            return null;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            boolean data = "data".equals(type) || "INSERT_DATA".equalsIgnoreCase(type);
            return ipc && data && items != null && parser.nextToken() == null ? new IpcMessage.Data(items) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The objects of a payload as the spider wrote them; null if it is not an object or an array of objects. */
    private static List<IpcMessage.Item> objects(String line, JsonParser parser, JsonToken value) {
        List<IpcMessage.Item> items = new ArrayList<>();
        if (value == JsonToken.START_OBJECT) {
            items.add(new IpcMessage.Item(objectText(line, parser), null));
            return items;
        }
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT || items.size() >= MAX_ITEMS_PER_LINE) {
                return null; // The full path says what is wrong with it.
            }
            items.add(new IpcMessage.Item(objectText(line, parser), null));
        }
        return items;
    }

    /** Skips the object the parser is at and returns its text. */
    private static String objectText(String line, JsonParser parser) {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getCharOffset();
        return line.substring(start, end);
    }

    private IpcMessage parseTree(String line, Repairs repairs) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JacksonException e) {
            return new IpcMessage.Malformed("not valid JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject() || !root.path("ipc").isBoolean() || !root.path("ipc").asBoolean()) {
            return new IpcMessage.Plain();
        }
        String type = root.path("type").asString("").toLowerCase(Locale.ROOT);
        JsonNode payload = root.path("payload");
        return switch (type) {
            case "data", "insert_data" -> data(payload, line.contains(NUL_ESCAPE), repairs);
            case "progress", "status" -> progress(payload, repairs);
            case "error" -> new IpcMessage.SpiderError(
                    repairs.text(textOf(payload.isObject() ? payload.path("message") : payload, payload),
                            ProgressValues.MAX_MESSAGE_LENGTH),
                    repairs.text(payload.isObject() ? textOf(payload.path("kind"), "spider") : "spider", 50));
            case "log" -> new IpcMessage.Log(
                    repairs.text(payload.isObject() ? textOf(payload.path("level"), "info") : "info", 20),
                    repairs.text(textOf(payload.isObject() ? payload.path("message") : payload, payload),
                            ProgressValues.MAX_MESSAGE_LENGTH));
            case "" -> new IpcMessage.Malformed("an IPC message needs a \"type\"");
            default -> new IpcMessage.Malformed("unknown IPC message type '"
                    + ProgressValues.text(type, 50) + "'");
        };
    }

    /** A value as text: a string as itself, a missing one as the fallback, anything else as its JSON. */
    private static String textOf(JsonNode value, Object fallback) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isMissingNode() || value.isNull()) {
            return fallback instanceof JsonNode node ? node.toString() : String.valueOf(fallback);
        }
        return value.toString();
    }

    /** A cheap check before any parsing: most lines are not IPC. */
    private static boolean looksLikeIpc(String line) {
        int start = 0;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        return start < line.length() && line.charAt(start) == '{' && line.contains("\"ipc\"");
    }

    private IpcMessage data(JsonNode payload, boolean mayHoldNul, Repairs repairs) {
        List<JsonNode> objects = new ArrayList<>();
        if (payload.isObject()) {
            objects.add(payload);
        } else if (payload.isArray()) {
            if (payload.size() > MAX_ITEMS_PER_LINE) {
                return new IpcMessage.Malformed("a data line may carry at most " + MAX_ITEMS_PER_LINE + " items");
            }
            for (JsonNode element : payload) {
                if (!element.isObject()) {
                    return new IpcMessage.Malformed("every item in a data payload must be a JSON object");
                }
                objects.add(element);
            }
        } else {
            return new IpcMessage.Malformed("a data payload must be an object or an array of objects");
        }
        List<IpcMessage.Item> items = new ArrayList<>(objects.size());
        for (JsonNode object : objects) {
            if (mayHoldNul) {
                // PostgreSQL's jsonb cannot hold NUL, so it becomes U+FFFD rather than failing the batch.
                JsonNode cleaned = withoutNul(object);
                repairs.any |= !cleaned.equals(object);
                object = cleaned;
            }
            items.add(new IpcMessage.Item(JSON.writeValueAsString(object), dedupKey(object)));
        }
        return new IpcMessage.Data(items);
    }

    private String dedupKey(JsonNode item) {
        if (dedupField == null) {
            return null;
        }
        JsonNode value = item;
        for (String part : dedupField.split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String key = value.isValueNode() ? value.asString() : value.toString();
        // The key is indexed: a long one is kept as its hash, which identifies it as well.
        return key.length() <= MAX_DEDUP_KEY_LENGTH ? key : "sha256:" + sha256(key);
    }

    /**
     * Progress, each field on its own: a count out of range is clamped ({@code 1e308} is
     * {@link Long#MAX_VALUE}, a negative one 0), a percentage kept within 0 to 100, a stage cut to
     * {@link ProgressValues#MAX_STAGE_LENGTH}; a field of the wrong type is left out.
     */
    private static IpcMessage progress(JsonNode payload, Repairs repairs) {
        if (!payload.isObject()) {
            return new IpcMessage.Malformed("a progress payload must be an object");
        }
        JsonNode stage = payload.path("stage");
        Long current = ProgressValues.count(payload.path("current"));
        Long total = ProgressValues.count(payload.path("total"));
        Double percentage = ProgressValues.percentage(payload.path("percentage"));
        repairs.any |= changed(payload.path("current"), current) || changed(payload.path("total"), total)
                || payload.path("percentage").isNumber() && (percentage == null
                        || percentage != payload.path("percentage").doubleValue());
        return new IpcMessage.Progress(
                stage.isValueNode() && !stage.isNull() ? repairs.text(stage.asString(), ProgressValues.MAX_STAGE_LENGTH)
                        : null,
                current, total, percentage);
    }

    private static boolean changed(JsonNode given, Long kept) {
        return given.isNumber() && (kept == null || !given.isIntegralNumber() || given.bigIntegerValue()
                .compareTo(java.math.BigInteger.valueOf(kept)) != 0);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isString()) {
            return JSON.getNodeFactory().stringNode(node.asString().replace('\0', '\uFFFD'));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey().replace('\0', '\uFFFD'), withoutNul(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(withoutNul(element)));
            return copy;
        }
        return node;
    }
}
