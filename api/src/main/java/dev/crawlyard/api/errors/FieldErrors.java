package dev.crawlyard.api.errors;

import java.util.ArrayList;
import java.util.List;

/** Collects a request's field errors, so that the caller hears of all of them at once. */
public final class FieldErrors {

    private final List<ApiError.FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new ApiError.FieldError(field, message));
        return this;
    }

    /** Adds the error when {@code ok} is false. */
    public FieldErrors require(boolean ok, String field, String message) {
        return ok ? this : add(field, message);
    }

    /** Throws a 400 listing every error, if there are any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
