package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a task's items are stored.
 *
 * @param dedupField the item field (a dotted path for nested fields) whose value identifies an item
 *                   across the spider's tasks, or null for no deduplication
 * @param dedupMode  what a second item with the same key does
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ItemPolicy(String dedupField, DedupMode dedupMode) {

    public static final ItemPolicy NONE = new ItemPolicy(null, DedupMode.IGNORE);

    public ItemPolicy {
        dedupField = dedupField == null || dedupField.isBlank() ? null : dedupField.trim();
        dedupMode = dedupMode == null ? DedupMode.IGNORE : dedupMode;
    }
}
