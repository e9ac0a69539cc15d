package dev.crawlyard.store.statistics;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the tasks that ended in a window did.
 *
 * @param tasks    how many ended
 * @param outcomes how many ended in each terminal status (finished, error, cancelled, timed_out, abnormal)
 * @param items    the items they stored
 * @param errors   the errors their spiders reported
 * @param warnings the warning lines in their logs
 */
public record OutcomeCounts(long tasks, Map<String, Long> outcomes, long items, long errors, long warnings) {

    public static final OutcomeCounts NONE = new OutcomeCounts(0, Map.of(), 0, 0, 0);

    public OutcomeCounts {
        outcomes = Map.copyOf(outcomes);
    }

    /** These counts with one more group of tasks of one outcome. */
    public OutcomeCounts plus(String outcome, long count, long moreItems, long moreErrors, long moreWarnings) {
        Map<String, Long> sum = new TreeMap<>(outcomes);
        sum.merge(outcome, count, Long::sum);
        return new OutcomeCounts(tasks + count, sum, items + moreItems, errors + moreErrors, warnings + moreWarnings);
    }
}
