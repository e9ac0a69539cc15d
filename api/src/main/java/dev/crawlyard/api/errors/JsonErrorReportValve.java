package dev.crawlyard.api.errors;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (an encoded '/', '\' or NUL
 * in the path, headers over the size limit, a malformed request line): the one JSON error body
 * instead of Tomcat's HTML page. Errors that reach the application are answered by
 * {@link ContainerErrorController} and the exception handler; this valve writes only where
 * nothing else has. Oversized headers, which Tomcat answers 400, are 431 here.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Throwable cause = throwable != null ? throwable
                : request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        if (code == 400 && headersTooLarge(cause, response.getMessage())) {
            code = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
            response.setStatus(code);
        }
        HttpStatus status = HttpStatus.resolve(code) == null ? HttpStatus.BAD_REQUEST : HttpStatus.valueOf(code);
        String message = switch (status) {
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request's headers are over the size limit";
            case BAD_REQUEST -> "the request is not valid HTTP, or its path holds what no path may hold"
                    + " (an encoded '/', '\\' or NUL) " + ApiError.PLAIN_PATH;
            default -> status.is5xxServerError() ? "an internal error occurred" : status.getReasonPhrase();
        };
        try {
            String body = JSON.writeValueAsString(new ApiError(status.value(), status.getReasonPhrase(), message,
                    path(request), List.of(), Instant.now()));
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body; there is no one to tell.
        }
    }

    private static boolean headersTooLarge(Throwable cause, String message) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("header")
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("too large")) {
                return true;
            }
        }
        return message != null && message.toLowerCase(Locale.ROOT).contains("header")
                && message.toLowerCase(Locale.ROOT).contains("too large");
    }

    private static String path(Request request) {
        try {
            String uri = request.getRequestURI();
            return uri == null ? "" : uri;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
