package dev.crawlyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table's ratio column: value over ceiling for a rate, ceiling over value for a time. */
class ReportTest {

    @Test
    void aRateIsItsShareOfTheCeilingWhateverFollowsItsUnit() {
        String table = new Report(Map.of(), List.of(
                new Figure("throughput", "tasks/s", 34.4, 151, "goal", ""),
                new Figure("throughput", "tasks/s beside no-ops that start a process", 34.4, 83.8, "none", ""),
                new Figure("dispatch", "p99 ms", 64, 1.3, "goal", ""))).table();

        assertThat(lineOf(table, "tasks/s ")).contains(" 23% ");
        // Before: the unit did not end with "/s", so the ratio was taken as a latency's (244%).
        assertThat(lineOf(table, "beside no-ops")).contains(" 41% ").doesNotContain("244%");
        assertThat(lineOf(table, "p99 ms")).contains(" 2% ");
    }

    private static String lineOf(String table, String text) {
        return table.lines().filter(line -> line.contains(text)).findFirst().orElseThrow();
    }
}
