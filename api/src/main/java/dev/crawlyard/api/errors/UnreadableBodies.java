package dev.crawlyard.api.errors;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a request body that could not be read, in the request's own terms (the
 * field, the JSON type it needs) and never in Jackson's, which name Java classes.
 */
final class UnreadableBodies {

    private static final Map<Class<?>, String> JSON_TYPES = Map.ofEntries(
            Map.entry(String.class, "a string"),
            Map.entry(Integer.class, "a whole number"), Map.entry(int.class, "a whole number"),
            Map.entry(Long.class, "a whole number"), Map.entry(long.class, "a whole number"),
            Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
            Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
            Map.entry(java.time.Instant.class, "a time such as \"2026-03-01T00:00:00Z\""));

    private UnreadableBodies() {
    }

    static ApiException describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodyTooLargeException || e.getMostSpecificCause() instanceof BodyTooLargeException) {
            return ApiException.tooLarge(e.getMostSpecificCause().getMessage());
        }
        if (!(cause instanceof JacksonException jackson)) {
            return ApiException.badRequest(e.getMessage() != null && e.getMessage().startsWith("Required request body")
                    ? "the request needs a JSON body" : "the request body could not be read");
        }
        String field = path(jackson);
        return switch (jackson) {
            case UnrecognizedPropertyException unknown -> ApiException.invalid(List.of(new ApiError.FieldError(
                    unknown.getPropertyName(), "is not a field of this request")));
            case InvalidNullException nul -> field(field, "must not be null");
            case MismatchedInputException mismatch -> field(field, "must be " + expected(mismatch.getTargetType()));
            case StreamConstraintsException tooBig ->
                    new ApiException(HttpStatus.CONTENT_TOO_LARGE, "the request body is over a JSON limit: "
                            + tooBig.getOriginalMessage().replaceAll("\\(.*", "").trim(), List.of());
            case StreamReadException syntax -> ApiException.badRequest("the request body is not valid JSON"
                    + (syntax.getLocation() == null ? "" : " (line " + syntax.getLocation().getLineNr() + ", column "
                    + syntax.getLocation().getColumnNr() + ")") + ": " + plain(syntax.getOriginalMessage()));
            default -> field.isEmpty() ? ApiException.badRequest("the request body does not have the expected shape")
                    : field(field, "does not have the expected shape");
        };
    }

    private static ApiException field(String field, String message) {
        if (field.isEmpty()) {
            return ApiException.badRequest("the request body " + message.replaceFirst("^must be", "must be"));
        }
        return ApiException.invalid(List.of(new ApiError.FieldError(field, message)));
    }

    /** The field the problem is at, dotted, with indexes in brackets: {@code files.main.py}, {@code nodes[2]}. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? "." + reference.getPropertyName()
                        : reference.getIndex() >= 0 ? "[" + reference.getIndex() + "]" : "")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (JSON_TYPES.containsKey(type)) {
            return JSON_TYPES.get(type);
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object" + (Map.class.isAssignableFrom(type) ? " of strings" : "");
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "of another JSON type";
    }

    /** Jackson's message without what follows its first line or names a Java type. */
    private static String plain(String message) {
        if (message == null) {
            return "malformed";
        }
        String first = message.lines().findFirst().orElse("");
        return first.replaceAll("`[^`]*`", "a value").replaceAll("\\b(java|tools|dev)\\.[\\w.$]+", "a value");
    }
}
