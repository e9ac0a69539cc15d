package dev.crawlyard.api.errors;

import java.io.IOException;

/** A request body read past its limit; the reader stops there and the caller gets a 413. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(String message) {
        super(message);
    }
}
