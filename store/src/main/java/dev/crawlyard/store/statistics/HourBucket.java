package dev.crawlyard.store.statistics;

import java.time.Instant;

/**
 * The tasks that ended in one hour, for the console's chart.
 *
 * @param hour   the start of the hour
 * @param tasks  how many ended
 * @param failed how many of those did not finish well (error, timed_out, abnormal)
 * @param items  the items they stored
 */
public record HourBucket(Instant hour, long tasks, long failed, long items) {
}
