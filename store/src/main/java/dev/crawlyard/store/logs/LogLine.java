package dev.crawlyard.store.logs;

import java.time.Instant;

/**
 * One line of a task's log.
 *
 * @param seq    its position in the task's log; lines are read in this order
 * @param ts     when the runner read it
 * @param stream where it came from
 * @param line   the text, without its line break
 */
public record LogLine(long seq, Instant ts, LogStream stream, String line) {
}
