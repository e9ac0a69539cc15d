package dev.crawlyard.api.items;

import dev.crawlyard.api.errors.ApiException;
import java.util.Locale;

/** The formats items are exported in. */
enum ExportFormat {
    /** One page as a JSON object with the items in an array. */
    JSON("application/json"),
    /** Every item, one JSON object a line, streamed. */
    NDJSON("application/x-ndjson"),
    /** Every item, one row a line, columns the union of the items' keys, streamed. */
    CSV("text/csv");

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    static ExportFormat parse(String format) {
        try {
            return valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format must be json, ndjson or csv, not '" + format + "'");
        }
    }
}
