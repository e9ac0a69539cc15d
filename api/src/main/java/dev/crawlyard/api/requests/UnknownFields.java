package dev.crawlyard.api.requests;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;
import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Names every field of a request body that its endpoint does not take, instead of ignoring it (a
 * misspelt {@code runtimeLimitSecond} would silently leave the limit unset) or stopping at the
 * first: while a request body is read the unknown fields are collected, and once it is read a 400
 * lists them all. Fields the API shows but sets itself ({@code id}, {@code createdAt}, ...) are
 * named as read-only.
 */
@ControllerAdvice
class UnknownFields extends DeserializationProblemHandler implements RequestBodyAdvice {

    /** Fields of the API's answers that no request sets. */
    static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "status", "spiderId",
            "currentVersion", "backend", "paused", "pauseNote", "consecutiveFailures", "brokenReason", "key",
            "host", "online", "running", "startedAt", "finishedAt", "lastSeenAt", "fileCount", "totalBytes",
            "node", "exitCode", "items", "logLines", "warnings", "progress", "attempts", "groupId");

    private final ThreadLocal<List<String>> reading = new ThreadLocal<>();

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
        List<String> unknown = reading.get();
        if (unknown == null) {
            return false; // Not a request body: fail as Jackson does.
        }
        unknown.add(pathOf(parser, propertyName));
        parser.skipChildren();
        return true;
    }

    /**
     * The field's name, after the name of the top-level field it is in when it is not one itself:
     * {@code container.mounts}. Only the top-level name is reliable here: a record's fields are read
     * from a buffer, whose inner contexts may carry a sibling's name.
     */
    private static String pathOf(JsonParser parser, String propertyName) {
        TokenStreamContext topLevel = null;
        for (TokenStreamContext context = parser.streamReadContext(); context != null; context = context.getParent()) {
            if (context.getParent() != null && context.getParent().inRoot()) {
                topLevel = context;
            }
        }
        if (topLevel == null || !topLevel.inObject() || topLevel.currentName() == null
                || topLevel.currentName().equals(propertyName)) {
            return propertyName;
        }
        return topLevel.currentName() + "." + propertyName;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        reading.set(new ArrayList<>());
        return input;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        List<String> unknown = reading.get();
        reading.remove();
        if (unknown != null && !unknown.isEmpty()) {
            throw ApiException.invalid(unknown.stream().distinct()
                    .map(name -> new ApiError.FieldError(name, READ_ONLY.contains(name)
                            ? "is read-only: the platform sets it"
                            : "is not a field of this request"))
                    .toList());
        }
        return body;
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        reading.remove();
        return body;
    }
}
