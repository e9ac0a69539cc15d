package dev.crawlyard.activities.processes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Output lines a careless or hostile spider prints, made at random from a fixed seed: IPC messages
 * with numbers out of every range, NUL characters raw and escaped, invalid UTF-8, lone surrogates,
 * deep nesting, huge strings, wrong types, ANSI escapes and carriage returns, and plain noise.
 */
final class HostileLines {

    private static final String[] NUMBERS = {"1e308", "-1e308", "1e999", "-1e999", "1e-999", "0.5", "-1",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999999999", "-0", "1.7976931348623157e309",
        "NaN", "Infinity", "3", "12.75", "0x10", "1_000", "\"7\"", "true", "null", "[]", "{}"};
    private static final String[] STRINGS = {"\"page\"", "\"a\\u0000b\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\udc00x\"", "\"\u001b[31mred\u001b[0m\"", "\"cr\\r\\rcr\"", "\"" + "x".repeat(5000) + "\"", "\"\"",
        "\"tab\\tend\"", "\"😀\"", "\"\\\\u0000\"", "1", "null", "{\"nested\": {\"deep\": [1, 2]}}"};
    private static final String[] TYPES = {"data", "INSERT_DATA", "progress", "STATUS", "error", "ERROR", "log",
        "teleport", "", "DATA", "Data"};
    private static final String[] KEYS = {"stage", "current", "total", "percentage", "message", "kind", "level",
        "url", "title", "\u0000", "ipc", "type", "payload"};

    private HostileLines() {
    }

    /** One line's bytes, without its newline. */
    static byte[] line(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 5) {
            return invalidUtf8(random);
        }
        if (kind < 10) {
            return ("plain \u001b[1mbold\u001b[0m\rreturn\u0000nul " + random.nextInt()).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 15) {
            return ("{".repeat(1 + random.nextInt(3000)) + "\"ipc\": true").getBytes(StandardCharsets.UTF_8);
        }
        String type = TYPES[random.nextInt(TYPES.length)];
        String payload = random.nextInt(10) == 0 ? value(random, 0) : object(random, 0);
        String ipc = random.nextInt(10) == 0 ? "\"true\"" : "true";
        String text = "{\"ipc\": " + ipc + ", \"type\": \"" + type + "\", \"payload\": " + payload + "}";
        if (random.nextInt(20) == 0) {
            text = text.substring(0, random.nextInt(text.length()));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String object(SplittableRandom random, int depth) {
        StringBuilder object = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                object.append(", ");
            }
            object.append('"').append(KEYS[random.nextInt(KEYS.length)].replace("\u0000", "\\u0000")).append("\": ")
                    .append(value(random, depth + 1));
        }
        return object.append('}').toString();
    }

    private static String value(SplittableRandom random, int depth) {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        if (kind < 8 || depth > 3) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        if (kind == 8) {
            return object(random, depth);
        }
        return "[" + object(random, depth) + ", " + object(random, depth) + "]";
    }

    private static byte[] invalidUtf8(SplittableRandom random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"ipc\": true, \"type\": \"log\", \"payload\": {\"message\": \"".getBytes(StandardCharsets.UTF_8));
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            int b = random.nextInt(256);
            bytes.write(b == '\n' ? 0xFF : b);
        }
        bytes.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
