package dev.crawlyard.planning.schedules;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The matching rule Temporal documents for a Schedule's calendars (StructuredCalendarSpec in
 * temporal/api schedule/v1): a time matches a calendar if every field has a range holding the
 * time's value (no year ranges: every year), and a Schedule if it matches any of its calendars;
 * day of week 0 is Sunday. Written from the documentation, to check the calendars made from a
 * cron expression against it where no Temporal server with the Schedules API is at hand.
 */
final class CalendarMatcher {

    private CalendarMatcher() {
    }

    static boolean matches(List<ScheduleCalendarSpec> calendars, ZonedDateTime at) {
        return calendars.stream().anyMatch(calendar -> matches(calendar, at));
    }

    /** Whether some calendar matches some time of this day: its date fields alone, to skip days that none does. */
    static boolean matchesDay(List<ScheduleCalendarSpec> calendars, java.time.LocalDate day) {
        return calendars.stream().anyMatch(calendar -> in(calendar.getDayOfMonth(), day.getDayOfMonth())
                && in(calendar.getMonth(), day.getMonthValue())
                && in(calendar.getDayOfWeek(), day.getDayOfWeek().getValue() % 7)
                && (calendar.getYear() == null || calendar.getYear().isEmpty() || in(calendar.getYear(), day.getYear())));
    }

    private static boolean matches(ScheduleCalendarSpec calendar, ZonedDateTime at) {
        return in(calendar.getSeconds(), at.getSecond())
                && in(calendar.getMinutes(), at.getMinute())
                && in(calendar.getHour(), at.getHour())
                && in(calendar.getDayOfMonth(), at.getDayOfMonth())
                && in(calendar.getMonth(), at.getMonthValue())
                && in(calendar.getDayOfWeek(), at.getDayOfWeek().getValue() % 7)
                && (calendar.getYear() == null || calendar.getYear().isEmpty() || in(calendar.getYear(), at.getYear()));
    }

    private static boolean in(List<ScheduleRange> ranges, int value) {
        for (ScheduleRange range : ranges) {
            int end = Math.max(range.getStart(), range.getEnd());
            int step = Math.max(1, range.getStep());
            if (value >= range.getStart() && value <= end && (value - range.getStart()) % step == 0) {
                return true;
            }
        }
        return false;
    }
}
