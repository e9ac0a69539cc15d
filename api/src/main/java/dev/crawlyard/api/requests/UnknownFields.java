package dev.crawlyard.api.requests;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
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

    private final ThreadLocal<Reading> reading = new ThreadLocal<>();

    /** The body being read: its type, and the unknown fields found so far. */
    private record Reading(Class<?> body, List<String> unknown) {
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
        Reading body = reading.get();
        if (body == null) {
            return false; // Not a request body: fail as Jackson does.
        }
        body.unknown().add(pathOf(body.body(), beanOrClass, propertyName));
        parser.skipChildren();
        return true;
    }

    /**
     * The field's name, after the name of the body's field it is in when it is not one of the
     * body's own: {@code container.mounts}. Which object a field is in is told by the type being
     * read, not by the parser's contexts: a record's fields are read from a buffer, whose contexts
     * may carry a sibling's name (a top-level {@code files} was once named {@code type.files}).
     */
    private static String pathOf(Class<?> body, Object beanOrClass, String propertyName) {
        Class<?> in = beanOrClass instanceof Class<?> type ? type : beanOrClass.getClass();
        if (in == body || !body.isRecord()) {
            return propertyName;
        }
        List<String> holders = Arrays.stream(body.getRecordComponents())
                .filter(component -> component.getType() == in)
                .map(RecordComponent::getName)
                .toList();
        return holders.size() == 1 ? holders.getFirst() + "." + propertyName : propertyName;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        reading.set(new Reading(parameter.getParameterType(), new ArrayList<>()));
        return input;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        Reading read = reading.get();
        List<String> unknown = read == null ? null : read.unknown();
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
