package dev.crawlyard.planning.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both schedule backends fire when {@link CronSpec} says: over a year, the fire times it computes
 * are those of cron-utils' Unix cron (what the embedded Temporal runs cron workflows with) and
 * those matched by the Temporal calendars made from it (what a Temporal Schedule runs), for a
 * corpus of expressions and for generated ones (fixed seed; a failure names the case to rerun).
 */
class CronAgreementTest {

    static final long SEED = 20_260_814L;
    static final int GENERATED_CASES = 400;

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final ZonedDateTime START = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final ZonedDateTime END = START.plusYears(1);
    private static final int MAX_TIMES = 600;

    static Stream<String> corpus() {
        return Stream.of("0 0 1 * 1", "0 0 29 2 *", "0 0 31 * *", "0 0 30 * *", "*/5 * * * *", "0 */2 * * *",
                "15 4 * * 1-5", "0 0 * * 0", "0 0 * * 7", "0 0 * * 0,7", "0 0 1,15 * MON", "0 0 13 * FRI",
                "30 6 1-7 * 1", "0 12 * JAN,JUL *", "0 0 1 */3 *", "0 9-17/2 * * MON-FRI", "59 23 31 12 *",
                "0 0 1-31/2 * *", "0 0 */2 * *", "0 0 */2 * 1", "0 0 * * */2", "0 0 1 * */2", "0 0 28-31 * *",
                "5,10,15 1,2 3,4 5,6 0,1", "0 0 * FEB *", "* * * * *", "0 0 1 1 *", "7 7 7 7 7", "0 0 8-14 * 2",
                "0 0 * * SAT,SUN", "0 0 * * SUN-FRI", "0 0 15 * */1", "0 0 */1 * 1", "0 0 * * 0-SUN");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theCorpusFiresAlikeOnBothBackendsOverAYear(String expression) {
        CronSpec spec = CronSpec.parse(expression);
        List<ZonedDateTime> ours = ourTimes(spec, MAX_TIMES);

        assertThat(cronUtilsTimes(spec.numeric(), MAX_TIMES)).as("cron-utils (embedded Temporal)").isEqualTo(ours);
        assertThat(calendarTimes(TemporalSchedules.calendarsOf(spec), END, MAX_TIMES)).as("Temporal calendars")
                .isEqualTo(ours);
    }

    static Stream<Arguments> generated() {
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, GENERATED_CASES).mapToObj(i -> Arguments.of(i, CronGenerator.expression(random)));
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("generated")
    void generatedExpressionsFireAlikeOrAreRefused(int index, String expression) {
        Optional<CronSpec> spec = parsed(expression);
        if (spec.isEmpty()) {
            return; // Refused by the API whatever a backend would do with it.
        }
        // What the cron-workflow backend hands the embedded Temporal.
        String handed = spec.get().numeric();
        boolean unixReads = CronWorkflowBackend.embeddedServerRefusal(handed).isEmpty();
        List<ZonedDateTime> ours = ourTimes(spec.get(), 200);
        if (unixReads) {
            assertThat(cronUtilsTimes(handed, 200)).as("cron-utils (embedded Temporal)").isEqualTo(ours);
        } else {
            // The cron-workflow backend refuses it; only never-firing expressions may get here.
            assertThat(spec.get().firesEver() && !ours.isEmpty()).as("refused by cron-utils only if it never fires")
                    .isFalse();
        }
        assertThat(calendarTimes(TemporalSchedules.calendarsOf(spec.get()), END, 200))
                .as("Temporal calendars").isEqualTo(ours);
    }

    private static Optional<CronSpec> parsed(String expression) {
        try {
            return Optional.of(CronSpec.parse(expression));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<ZonedDateTime> ourTimes(CronSpec spec, int max) {
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime at = START.minusSeconds(1);
        while (times.size() < max) {
            Optional<ZonedDateTime> next = spec.next(at);
            if (next.isEmpty() || !next.get().isBefore(END)) {
                break;
            }
            at = next.get();
            times.add(at);
        }
        return times;
    }

    private static List<ZonedDateTime> cronUtilsTimes(String expression, int max) {
        ExecutionTime execution = ExecutionTime.forCron(UNIX.parse(expression));
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime at = START.minusSeconds(1);
        while (times.size() < max) {
            Optional<ZonedDateTime> next = execution.nextExecution(at);
            if (next.isEmpty() || !next.get().isBefore(END)) {
                break;
            }
            at = next.get();
            times.add(at.withZoneSameInstant(ZoneOffset.UTC));
        }
        return times;
    }

    private static List<ZonedDateTime> calendarTimes(List<ScheduleCalendarSpec> calendars, ZonedDateTime end,
            int max) {
        List<ZonedDateTime> times = new ArrayList<>();
        for (ZonedDateTime day = START; day.isBefore(end) && times.size() < max; day = day.plusDays(1)) {
            if (!CalendarMatcher.matchesDay(calendars, day.toLocalDate())) {
                continue; // No time of a day whose date no calendar matches can match: skip its 1,440 minutes.
            }
            for (ZonedDateTime at = day; at.isBefore(day.plusDays(1)) && times.size() < max; at = at.plusMinutes(1)) {
                if (CalendarMatcher.matches(calendars, at)) {
                    times.add(at);
                }
            }
        }
        return times;
    }
}
