package dev.crawlyard.store.state;

import java.time.Instant;

/**
 * A spider's saved state.
 *
 * @param spiderId  the spider
 * @param json      the state, a JSON object
 * @param taskId    the task whose success saved it, or null if it was set through the API
 * @param updatedAt when it was saved
 */
public record SpiderState(long spiderId, String json, Long taskId, Instant updatedAt) {
}
