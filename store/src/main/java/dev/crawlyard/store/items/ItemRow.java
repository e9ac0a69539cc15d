package dev.crawlyard.store.items;

/**
 * An item on its way into the {@code items} table.
 *
 * @param seq      its position in the task attempt's output; with the task and attempt, its key
 * @param dedupKey the value of the spider's dedup field, or null
 * @param json     the item, a JSON object
 */
public record ItemRow(long seq, String dedupKey, String json) {
}
