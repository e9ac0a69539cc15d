package dev.crawlyard.api.errors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects a request's field errors, so that the caller hears of all of them at once. */
public final class FieldErrors {

    private final List<ApiError.FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new ApiError.FieldError(field, message));
        return this;
    }

    /** Adds the error when {@code ok} is false. */
    public FieldErrors require(boolean ok, String field, String message) {
        return ok ? this : add(field, message);
    }

    /** An optional text: absent, or at most {@code maxLength} characters without NUL (PostgreSQL cannot store one). */
    public FieldErrors text(String field, String value, int maxLength) {
        if (value == null) {
            return this;
        }
        if (value.indexOf('\0') >= 0) {
            return add(field, "must not contain NUL characters");
        }
        return require(value.length() <= maxLength, field,
                "must be at most " + maxLength + " characters, not " + value.length());
    }

    /** An optional number within [min, max]. */
    public FieldErrors range(String field, Number value, long min, long max) {
        if (value == null) {
            return this;
        }
        long v = value.longValue();
        return require(v >= min && v <= max, field, "must be between " + min + " and " + max + ", not " + v);
    }

    /**
     * A map of names to texts (parameters, labels): every name 1 to {@code maxKeyLength} characters
     * and every value a text, none with NUL. Returns the UTF-8 bytes of names and values together.
     */
    public long textMap(String field, Map<String, String> map, int maxKeyLength, int maxValueLength) {
        if (map == null) {
            return 0;
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isEmpty() || key.length() > maxKeyLength || key.indexOf('\0') >= 0) {
                add(field, "names must be 1 to " + maxKeyLength + " characters without NUL");
                continue;
            }
            String value = entry.getValue();
            if (value == null) {
                add(field + "." + key, "must be a string, not null");
                continue;
            }
            text(field + "." + key, value, maxValueLength);
            bytes += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /** How many errors were added. */
    public int count() {
        return errors.size();
    }

    /** Whether any error was added. */
    public boolean any() {
        return !errors.isEmpty();
    }

    /** Throws a 400 listing every error, if there are any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
