package dev.crawlyard.activities.processes;

import java.time.Duration;

/**
 * How the process runner behaves on a node.
 *
 * @param heartbeatInterval  how often the runner heartbeats, reports progress and checks limits while a spider runs
 * @param outputBatchSize    the most output lines stored in one database round trip
 * @param spoolCapacityBytes how much output is kept on disk while the database is slow or away, before
 *                           the spider's output is no longer read
 * @param maxLineLength      longer output lines are split into pieces of this many bytes
 * @param outputDrainTimeout how long, after the spider exits, its leftover children may keep its output open
 * @param stopNoticePeriod   how long a spider being stopped has, after the cancel message on its stdin, to
 *                           exit by itself before it is sent SIGTERM
 */
public record RunnerSettings(
        Duration heartbeatInterval,
        int outputBatchSize,
        long spoolCapacityBytes,
        int maxLineLength,
        Duration outputDrainTimeout,
        Duration stopNoticePeriod) {

    public static final Duration DEFAULT_STOP_NOTICE_PERIOD = Duration.ofSeconds(5);

    public static RunnerSettings defaults() {
        return new RunnerSettings(Duration.ofSeconds(2), 10_000, 64L * 1024 * 1024, 1024 * 1024, Duration.ofSeconds(5),
                DEFAULT_STOP_NOTICE_PERIOD);
    }

    public RunnerSettings withHeartbeatInterval(Duration interval) {
        return new RunnerSettings(interval, outputBatchSize, spoolCapacityBytes, maxLineLength, outputDrainTimeout,
                stopNoticePeriod);
    }

    public RunnerSettings withSpoolCapacity(long bytes) {
        return new RunnerSettings(heartbeatInterval, outputBatchSize, bytes, maxLineLength, outputDrainTimeout,
                stopNoticePeriod);
    }

    public RunnerSettings withStopNoticePeriod(Duration notice) {
        return new RunnerSettings(heartbeatInterval, outputBatchSize, spoolCapacityBytes, maxLineLength,
                outputDrainTimeout, notice == null || notice.isNegative() ? Duration.ZERO : notice);
    }
}
