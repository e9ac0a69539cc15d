package dev.crawlyard.planning.schedules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A classic five-field cron expression (minute hour day-of-month month day-of-week), as Vixie cron
 * reads it: numbers, {@code *}, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists, the
 * names JAN-DEC and SUN-SAT, 0 or 7 for Sunday. When both day fields are restricted (neither is
 * {@code *}) a day matches if either does, the classic OR (POSIX's rule; {@code * /1} counts as
 * {@code *}, as it does for cron-utils); otherwise both must. Nothing else is
 * accepted ({@code L}, {@code W}, {@code #}, {@code ?}, seconds, years, {@code @daily}): neither
 * schedule backend reads them alike. This is the one definition of when a schedule fires: the
 * API's next fire times come from it and the Temporal Schedule's calendars are made from it.
 *
 * @param text       the expression, its fields separated by single spaces
 * @param minutes    the minutes it fires at
 * @param hours      the hours
 * @param daysOfMonth the days of the month, 1 to 31
 * @param months     the months, 1 to 12
 * @param daysOfWeek the days of the week, 0 (Sunday) to 6
 * @param anyDayOfMonth whether the day-of-month field is {@code *}
 * @param anyDayOfWeek  whether the day-of-week field is {@code *}
 */
public record CronSpec(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
        BitSet daysOfWeek, boolean anyDayOfMonth, boolean anyDayOfWeek) {

    /** A schedule with no fire time within this many years never fires (29 February needs up to eight). */
    static final int HORIZON_YEARS = 10;

    private static final String[] MONTH_NAMES = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
        "OCT", "NOV", "DEC"};
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    /** A field of the expression: its name, its range and the names its values may have. */
    private enum Field {
        MINUTE("minute", 0, 59, null, 0),
        HOUR("hour", 0, 23, null, 0),
        DAY_OF_MONTH("day-of-month", 1, 31, null, 0),
        MONTH("month", 1, 12, MONTH_NAMES, 1),
        DAY_OF_WEEK("day-of-week", 0, 7, DAY_NAMES, 0);

        final String label;
        final int min;
        final int max;
        final String[] names;
        final int firstName;

        Field(String label, int min, int max, String[] names, int firstName) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.firstName = firstName;
        }
    }

    /**
     * Reads an expression.
     *
     * @throws IllegalArgumentException with a message for the user that names the field at fault
     */
    public static CronSpec parse(String expression) {
        String text = expression == null ? "" : expression.trim().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "is required: five fields, minute hour day-of-month month day-of-week, like '*/5 * * * *'");
        }
        if (text.length() > 200) {
            throw new IllegalArgumentException("must be at most 200 characters");
        }
        String[] fields = text.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length
                    + " fields; a cron expression has five: minute hour day-of-month month day-of-week");
        }
        BitSet dow = field(fields[4], Field.DAY_OF_WEEK);
        if (dow.get(7)) {
            dow.clear(7);
            dow.set(0);
        }
        return new CronSpec(text, field(fields[0], Field.MINUTE), field(fields[1], Field.HOUR),
                field(fields[2], Field.DAY_OF_MONTH), field(fields[3], Field.MONTH), dow,
                any(fields[2]), any(fields[4]));
    }

    /** A day field left open: {@code *}, or the same written {@code * /1}; any other restricts the day. */
    private static boolean any(String field) {
        return field.equals("*") || field.equals("*/1");
    }

    /**
     * The expression with month and day names as numbers (SUN as 0), otherwise as written: what is
     * handed to a parser that reads names differently (cron-utils reads SUN as 7, so that
     * {@code SUN-FRI} would be a backwards range there).
     */
    public String numeric() {
        String[] fields = text.split(" ");
        fields[3] = numbered(fields[3], MONTH_NAMES, 1);
        fields[4] = numbered(fields[4], DAY_NAMES, 0);
        return String.join(" ", fields);
    }

    private static String numbered(String field, String[] names, int first) {
        String result = field.toUpperCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            result = result.replace(names[i], Integer.toString(i + first));
        }
        return result;
    }

    private static BitSet field(String text, Field field) {
        BitSet values = new BitSet(field.max + 1);
        for (String item : text.split(",", -1)) {
            item(item, field, text, values);
        }
        return values;
    }

    private static void item(String item, Field field, String whole, BitSet values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1), field, whole, "a step");
            if (step < 1 || step > field.max) {
                throw invalid(field, whole, "a step must be from 1 to " + field.max);
            }
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = field.min;
            to = field.max == 7 ? 6 : field.max;
        } else {
            int dash = range.indexOf('-');
            if (dash < 0) {
                if (slash >= 0) {
                    throw invalid(field, whole, "a step needs '*' or a range before it, as in '*/5' or '1-30/5'");
                }
                from = value(range, field, whole);
                to = from;
            } else {
                from = value(range.substring(0, dash), field, whole);
                to = value(range.substring(dash + 1), field, whole);
                if (from > to) {
                    throw invalid(field, whole, "the range " + range + " runs backwards");
                }
            }
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    private static int value(String text, Field field, String whole) {
        if (field.names != null) {
            for (int i = 0; i < field.names.length; i++) {
                if (field.names[i].equalsIgnoreCase(text)) {
                    return i + field.firstName;
                }
            }
        }
        int value = number(text, field, whole, "a value");
        if (value < field.min || value > field.max) {
            throw invalid(field, whole, value + " is outside " + field.min + "-" + field.max);
        }
        return value;
    }

    private static int number(String text, Field field, String whole, String what) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(field, whole, "'" + text + "' is not " + what + (field.names == null ? ""
                    : " (numbers or " + field.names[0] + "-" + field.names[field.names.length - 1] + ")")
                    + "; L, W, #, ? and the like are not supported");
        }
        return Integer.parseInt(text);
    }

    private static IllegalArgumentException invalid(Field field, String whole, String why) {
        return new IllegalArgumentException("the " + field.label + " field '" + whole + "' is not valid: " + why);
    }

    /** Whether the expression fires on this day, with the classic OR of the two day fields when both are restricted. */
    public boolean firesOn(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        return anyDayOfMonth || anyDayOfWeek ? dom && dow : dom || dow;
    }

    /** The first fire time strictly after {@code after}, within {@link #HORIZON_YEARS}; empty if there is none. */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDateTime start = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
        LocalDate last = start.toLocalDate().plusYears(HORIZON_YEARS);
        for (LocalDate day = start.toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!firesOn(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    LocalDateTime local = LocalDateTime.of(day, LocalTime.of(h, m));
                    if (zone.getRules().getValidOffsets(local).isEmpty()) {
                        continue; // A wall time that a daylight-saving jump skips does not happen.
                    }
                    ZonedDateTime at = ZonedDateTime.of(local, zone);
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The next {@code count} fire times after {@code from}, read in {@code zone}. */
    public List<Instant> nextTimes(Instant from, ZoneId zone, int count) {
        List<Instant> times = new ArrayList<>(count);
        ZonedDateTime at = from.atZone(zone);
        while (times.size() < count) {
            Optional<ZonedDateTime> next = next(at);
            if (next.isEmpty()) {
                break;
            }
            at = next.get();
            times.add(at.toInstant());
        }
        return times;
    }

    /** Whether it ever fires: {@code 0 0 30 2 *} and {@code 0 0 31 4 *} parse, but never do. */
    public boolean firesEver() {
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 366 * 8 + 2; i++, day = day.plusDays(1)) {
            if (firesOn(day)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT);
    }
}
