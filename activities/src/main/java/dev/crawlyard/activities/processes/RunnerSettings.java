package dev.crawlyard.activities.processes;

import java.time.Duration;

/**
 * How the process runner behaves on a node.
 *
 * @param heartbeatInterval   how often the runner heartbeats (and checks limits) while a spider runs
 * @param logBatchSize        the most lines written to the database in one statement
 * @param logBufferLines      lines held in memory before the spider's output is no longer read
 * @param maxLineLength       longer output lines are split into pieces of this many characters
 * @param outputDrainTimeout  how long, after the spider exits, its leftover children may keep its output open
 */
public record RunnerSettings(
        Duration heartbeatInterval,
        int logBatchSize,
        int logBufferLines,
        int maxLineLength,
        Duration outputDrainTimeout) {

    public static RunnerSettings defaults() {
        return new RunnerSettings(Duration.ofSeconds(2), 1000, 20_000, 64 * 1024, Duration.ofSeconds(5));
    }
}
