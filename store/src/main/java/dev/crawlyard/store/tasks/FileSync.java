package dev.crawlyard.store.tasks;

/**
 * What a task's node did to give it its files, from the latest sync.
 *
 * @param files            files in the workspace
 * @param bytes            bytes in the workspace
 * @param filesTransferred file bodies fetched from the database (the rest came from the node's cache)
 * @param bytesTransferred bytes of those bodies
 * @param millis           how long the sync took on the node
 */
public record FileSync(int files, long bytes, int filesTransferred, long bytesTransferred, long millis) {
}
