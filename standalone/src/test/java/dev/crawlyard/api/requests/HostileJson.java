package dev.crawlyard.api.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Request bodies a careless user or a hostile client sends, made at random from a fixed seed: the
 * endpoint's fields with plausible values or with values of every wrong type and range, NUL
 * characters, lone surrogates, huge and deep values; unknown and read-only fields, keys given twice,
 * and bodies that are not a JSON object at all or stop halfway.
 */
final class HostileJson {

    /** The JSON type and meaning of a field, which decides the plausible values. */
    enum Kind { NAME, COMMAND, TEXT, INT, LONG, BOOL, STRING_MAP, NODE_LIST, INSTANT, CRON, MODE, OVERLAP, ZONE, ID, TASK, FIELD, DEDUP_MODE }

    private static final String[] HOSTILE = {"null", "true", "false", "1.5", "\"10\"", "-1", "0", "\"\"", "\" \"",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "-1e308", "1e999", "2147483648",
        "320000000000", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "{}", "[]", "[null]",
        "{\"a\": {\"b\": [1, {\"c\": null}]}}", "{\"k\": \"\\u0000\"}", "{\"\\u0000\": \"v\"}", "{\"k\": 1}",
        "[\"in-process\", null]", "\"'; DROP TABLE spiders; --\"", "\"../../etc/passwd\"", "\"\\u202e\\u0000\"",
        "\"%00\"", "\"\\r\\n\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"2026-13-45T99:99:99Z\"", "\"* * * * * *\"",
        "\"0 0 L * *\"", "\"Mars/Base\""};
    private static final String[] CRONS = {"0 3 1 1 *", "*/5 * * * *", "0 0 1 * 1", "0 0 30 2 *", "0 0 31 4 *",
        "0 0 L * *", "0 0 ? * MON", "0 0 * * 1#2", "0 0 15W * *", "60 * * * *", "* * * *", "0 0 * * SUN-FRI"};
    private static final String[] UNKNOWN = {"runtimeLimitSecond", "max_attempts", "command ", "Name", "__proto__",
        "constructor", "\\u0000", "id", "createdAt", "updatedAt", "status", "spiderId", "currentVersion"};

    private HostileJson() {
    }

    static String body(SplittableRandom random, Map<String, Kind> fields) {
        int shape = random.nextInt(100);
        if (shape < 4) {
            return List.of("", "null", "[]", "\"text\"", "42", "[{}]", "{", "{\"a\":", "{} {}", "{\"x\": 1}}")
                    .get(random.nextInt(10));
        }
        if (shape < 6) {
            return "[".repeat(1 + random.nextInt(5000));
        }
        // A fifth of the bodies hold only valid values, so that the accepting paths are taken too.
        boolean valid = random.nextInt(5) == 0;
        List<String> members = new ArrayList<>();
        fields.forEach((name, kind) -> {
            boolean required = kind == Kind.NAME || kind == Kind.COMMAND || kind == Kind.ID || kind == Kind.CRON
                    || kind == Kind.TASK;
            if (valid && required || random.nextInt(100) < (valid ? 40 : 65)) {
                members.add("\"" + name + "\": " + (valid ? valid(random, kind) : value(random, kind)));
            }
        });
        if (valid) {
            return "{" + String.join(", ", members) + "}";
        }
        if (random.nextInt(100) < 12) {
            members.add("\"" + UNKNOWN[random.nextInt(UNKNOWN.length)] + "\": " + HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        if (random.nextInt(100) < 5 && !members.isEmpty()) {
            members.add(members.get(random.nextInt(members.size())));
        }
        String body = "{" + String.join(", ", members) + "}";
        if (random.nextInt(100) < 4) {
            body = body.substring(0, random.nextInt(body.length()));
        } else if (random.nextInt(100) < 3) {
            body = body + " trailing";
        }
        return body;
    }

    /** A value the endpoint accepts (given the test's spider, with one version, and the in-process node). */
    private static String valid(SplittableRandom random, Kind kind) {
        return switch (kind) {
            case INT -> Integer.toString(1 + random.nextInt(3));
            case LONG -> Long.toString(List.of(0L, 10L, 600L).get(random.nextInt(3)));
            case MODE -> "\"random\"";
            case NODE_LIST -> "[]";
            case CRON -> "\"" + CRONS[random.nextInt(3)] + "\"";
            case OVERLAP -> "\"skip\"";
            case ZONE -> "\"UTC\"";
            case FIELD -> "\"url\"";
            case DEDUP_MODE -> random.nextBoolean() ? "\"ignore\"" : "\"overwrite\"";
            default -> value(random, kind, true);
        };
    }

    private static String value(SplittableRandom random, Kind kind) {
        return value(random, kind, false);
    }

    private static String value(SplittableRandom random, Kind kind, boolean plausible) {
        if (!plausible && random.nextInt(100) < 45) {
            return HOSTILE[random.nextInt(HOSTILE.length)];
        }
        if (!plausible && random.nextInt(100) < 3) {
            return "\"" + "x".repeat(300 * 1024) + "\"";
        }
        return switch (kind) {
            case NAME -> "\"fuzz-" + Long.toHexString(random.nextLong()) + "\"";
            case COMMAND -> "\"true\"";
            case TEXT -> "\"a note\"";
            case INT -> Integer.toString(List.of(1, 2, 5, 20, 21, 100).get(random.nextInt(6)));
            case LONG -> Long.toString(List.of(0L, 10L, 600L, 31_536_000L, 31_536_001L).get(random.nextInt(5)));
            case BOOL -> Boolean.toString(random.nextBoolean());
            case STRING_MAP -> random.nextBoolean() ? "{}" : "{\"k\": \"v\", \"REGION\": \"eu\"}";
            case NODE_LIST -> random.nextBoolean() ? "[]" : "[\"in-process\"]";
            case INSTANT -> random.nextBoolean() ? "\"2026-01-01T00:00:00Z\"" : "\"2026-01-02T00:00:00Z\"";
            case CRON -> "\"" + CRONS[random.nextInt(CRONS.length)] + "\"";
            case MODE -> "\"" + List.of("random", "selected", "all", "RANDOM", "any").get(random.nextInt(5)) + "\"";
            case OVERLAP -> "\"" + List.of("skip", "buffer_one", "allow_all", "never").get(random.nextInt(4)) + "\"";
            case ZONE -> "\"" + List.of("UTC", "Europe/Paris", "utc", "+01:00").get(random.nextInt(4)) + "\"";
            case ID -> "\"$SPIDER\"";
            case TASK -> "$TASK";
            case FIELD -> "\"" + List.of("url", "meta.url", "a b", "").get(random.nextInt(4)) + "\"";
            case DEDUP_MODE -> "\"" + List.of("ignore", "overwrite", "IGNORE", "drop").get(random.nextInt(4)) + "\"";
        };
    }
}
