package dev.crawlyard.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the rows on this page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many rows match in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
