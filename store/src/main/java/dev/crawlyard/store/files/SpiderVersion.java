package dev.crawlyard.store.files;

import java.time.Instant;

/**
 * One immutable version of a spider's files, without its manifest (see
 * {@link SpiderVersionStore#manifest}).
 *
 * @param spiderId   the spider
 * @param version    its number, from 1 per spider
 * @param fileCount  how many files it holds
 * @param totalBytes the sum of their sizes
 * @param createdAt  when it was uploaded
 */
public record SpiderVersion(long spiderId, int version, int fileCount, long totalBytes, Instant createdAt) {
}
