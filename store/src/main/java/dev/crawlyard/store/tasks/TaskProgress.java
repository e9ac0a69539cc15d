package dev.crawlyard.store.tasks;

import java.time.Instant;

/**
 * Where a task is: what its spider reported and how much of its output is stored. Updated while
 * it runs and frozen when it ends.
 *
 * @param stage           the spider's current stage, or null
 * @param current         items of work done, as the spider counts them, or null
 * @param total           items of work in all, or null
 * @param percentage      the spider's estimate, or null
 * @param items           items stored
 * @param logLines        log lines stored
 * @param warnings        malformed IPC lines and items the database refused
 * @param errorsReported  errors the spider reported over IPC or HTTP
 * @param lastError       the last of those errors
 * @param lastHeartbeatAt when the runner (or the spider, over HTTP) last reported
 */
public record TaskProgress(String stage, Long current, Long total, Double percentage, long items, long logLines,
        long warnings, long errorsReported, String lastError, Instant lastHeartbeatAt) {
}
