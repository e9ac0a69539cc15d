package dev.crawlyard.api.errors;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and message the caller gets. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<ApiError.FieldError> fieldErrors;

    public ApiException(HttpStatus status, String message, List<ApiError.FieldError> fieldErrors) {
        super(message);
        this.status = status;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message, List.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, List.of());
    }

    /** 413: an upload over one of the limits; the message names the limit and its setting. */
    public static ApiException tooLarge(String message) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, message, List.of());
    }

    public static ApiException invalid(List<ApiError.FieldError> fieldErrors) {
        String message = fieldErrors.size() == 1
                ? fieldErrors.getFirst().field() + ": " + fieldErrors.getFirst().message()
                : "the request has " + fieldErrors.size() + " invalid fields";
        return new ApiException(HttpStatus.BAD_REQUEST, message, fieldErrors);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<ApiError.FieldError> fieldErrors() {
        return fieldErrors;
    }
}
