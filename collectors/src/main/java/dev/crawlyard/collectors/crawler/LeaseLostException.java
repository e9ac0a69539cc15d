package dev.crawlyard.collectors.crawler;

import java.io.IOException;

/** The frontier no longer counts this attempt in (its lease ran out, or a later attempt took over). */
final class LeaseLostException extends IOException {

    LeaseLostException(String message) {
        super(message);
    }
}
