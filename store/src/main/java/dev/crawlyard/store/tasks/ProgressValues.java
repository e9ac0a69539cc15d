package dev.crawlyard.store.tasks;

import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.databind.JsonNode;

/**
 * The numbers and texts of a spider's progress report, made safe to store whatever the spider sent:
 * counts are whole numbers from 0 to {@link Long#MAX_VALUE} (a larger or fractional one is clamped
 * and floored: {@code 1e308} is {@code Long.MAX_VALUE}), a percentage is from 0 to 100 ({@code 1e999},
 * read as infinity, is 100), not-a-number is no value; texts lose their NUL characters (PostgreSQL
 * cannot store them) and are cut to a length.
 */
public final class ProgressValues {

    /** The most characters kept of a stage. */
    public static final int MAX_STAGE_LENGTH = 200;

    /** The most characters kept of an error message or kind the spider reports. */
    public static final int MAX_MESSAGE_LENGTH = 4_000;

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ProgressValues() {
    }

    /** A count, or null if the value is not a number. */
    public static Long count(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            BigInteger big = value.bigIntegerValue();
            return big.signum() < 0 ? 0L : big.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : big.longValue();
        }
        double d = value.doubleValue();
        if (Double.isNaN(d)) {
            return null;
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? Long.MAX_VALUE : 0L;
        }
        BigDecimal exact = value.isBigDecimal() ? value.decimalValue() : BigDecimal.valueOf(d);
        if (exact.signum() < 0) {
            return 0L;
        }
        BigInteger whole = exact.toBigInteger();
        return whole.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : whole.longValue();
    }

    /** A percentage, or null if the value is not a number. */
    public static Double percentage(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        double d = value.doubleValue();
        return Double.isNaN(d) ? null : Math.max(0, Math.min(100, d));
    }

    /** The text without NUL characters (each becomes U+FFFD) and cut to {@code max} characters; null stays null. */
    public static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        String text = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
