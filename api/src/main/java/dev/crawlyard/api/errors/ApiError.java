package dev.crawlyard.api.errors;

import java.time.Instant;
import java.util.List;

/**
 * The body of every error response.
 *
 * @param status      the HTTP status code
 * @param error       the status's reason phrase
 * @param message     what went wrong and, where the caller can fix it, how
 * @param path        the request path
 * @param fieldErrors problems with single fields of the request, if any
 * @param timestamp   when it happened
 */
public record ApiError(int status, String error, String message, String path, List<FieldError> fieldErrors,
        Instant timestamp) {

    /** How to spell a path the firewall or the container refused, for the message of their 400s. */
    public static final String PLAIN_PATH = "(send the path plainly: no encoded letters, digits, dots, '/', '\\' or"
            + " NUL, no ';', '//', '.' or '..' segments, no backslash)";

    /**
     * One field's problem.
     *
     * @param field   the field, as named in the request
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }
}
