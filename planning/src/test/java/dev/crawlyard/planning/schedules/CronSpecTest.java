package dev.crawlyard.planning.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a five-field cron expression is read: the examples that broke the platform, and the classic OR. */
class CronSpecTest {

    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"0 0 L * *", "0 0 ? * MON", "0 0 * * 1#2", "0 0 15W * *", "0 0 LW * *", "0 0 * * 5L",
        "0 0 0 * *", "60 * * * *", "0 24 * * *", "0 0 * 13 *", "0 0 * * 8", "5-3 * * * *", "*/0 * * * *",
        "0 0 * * * *", "0 0 * *", "@daily", "5/10 * * * *", "0 0 1 * MON-", "0 0 ,1 * *"})
    void whatNeitherBackendReadsAlikeIsRefusedNamingTheProblem(String expression) {
        assertThatThrownBy(() -> CronSpec.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aDayThatNeverComesParsesButNeverFires() {
        assertThat(CronSpec.parse("0 0 30 2 *").firesEver()).isFalse();
        assertThat(CronSpec.parse("0 0 31 4 *").firesEver()).isFalse();
        assertThat(CronSpec.parse("0 0 31 4 *").nextTimes(NEW_YEAR, ZoneOffset.UTC, 3)).isEmpty();
        assertThat(CronSpec.parse("0 0 29 2 *").nextTimes(NEW_YEAR, ZoneOffset.UTC, 2))
                .containsExactly(Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2032-02-29T00:00:00Z"));
    }

    @Test
    void bothDayFieldsRestrictedFireOnEitherDayAsClassicCronDoes() {
        List<Instant> times = CronSpec.parse("0 0 1 * 1").nextTimes(NEW_YEAR, ZoneOffset.UTC, 6);

        // The 1st of each month (February 1st 2026 is a Sunday) and every Monday.
        assertThat(times).containsExactly(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-12T00:00:00Z"),
                Instant.parse("2026-01-19T00:00:00Z"), Instant.parse("2026-01-26T00:00:00Z"),
                Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z"));
    }

    @Test
    void oneDayFieldRestrictedIsTheOnlyOneThatCounts() {
        List<Instant> mondays = CronSpec.parse("30 6 * * MON").nextTimes(NEW_YEAR, ZoneOffset.UTC, 3);

        assertThat(mondays).allSatisfy(t -> assertThat(t.atZone(ZoneOffset.UTC).getDayOfWeek())
                .isEqualTo(DayOfWeek.MONDAY));
        assertThat(CronSpec.parse("0 12 15 * *").nextTimes(NEW_YEAR, ZoneOffset.UTC, 2))
                .containsExactly(Instant.parse("2026-01-15T12:00:00Z"), Instant.parse("2026-02-15T12:00:00Z"));
    }

    @Test
    void sundayIsZeroOrSevenAndNamesWorkInAnyCase() {
        CronSpec seven = CronSpec.parse("0 0 * * 7");
        CronSpec zero = CronSpec.parse("0 0 * * 0");
        CronSpec named = CronSpec.parse("0 0 * jan-dec sun");

        assertThat(seven.nextTimes(NEW_YEAR, ZoneOffset.UTC, 5)).isEqualTo(zero.nextTimes(NEW_YEAR, ZoneOffset.UTC, 5))
                .isEqualTo(named.nextTimes(NEW_YEAR, ZoneOffset.UTC, 5));
    }

    @Test
    void theTemporalCalendarsOfAnOrAreOnePerDayField() {
        assertThat(TemporalSchedules.calendarsOf(CronSpec.parse("0 0 1 * 1"))).hasSize(2);
        assertThat(TemporalSchedules.calendarsOf(CronSpec.parse("0 0 * * 1"))).hasSize(1);
        assertThat(TemporalSchedules.calendarsOf(CronSpec.parse("*/15 9-17 * * MON-FRI")).getFirst().getMinutes())
                .hasSize(4);
    }
}
