package dev.crawlyard.api.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to every error that does not come from a controller: the servlet container's own
 * refusals (a path with an encoded '/', '\' or NUL, a bad request line), a filter's or the
 * firewall's {@code sendError}, an exception thrown outside Spring MVC. It replaces Spring Boot's
 * default error page, so that these too get the one JSON error body, and never a stack trace, an
 * HTML page or a Java class name.
 */
@RestController
class ContainerErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.ALL_VALUE)
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), status.getReasonPhrase(), message(status, request), path, List.of(),
                        Instant.now()));
    }

    private static HttpStatus status(Object code) {
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String message(HttpStatus status, HttpServletRequest request) {
        return switch (status) {
            case BAD_REQUEST -> "the request is not valid HTTP, or its path holds what no path may hold"
                    + " (an encoded '/', '\\' or NUL, '..', or a ';' parameter)";
            case UNAUTHORIZED -> "this endpoint needs a token: send the header 'Authorization: Bearer <token>'";
            case FORBIDDEN -> "this token may not do that";
            case NOT_FOUND -> "no such endpoint";
            case METHOD_NOT_ALLOWED -> "the endpoint does not take this method";
            case CONTENT_TOO_LARGE -> "the request body is over the size limit";
            case URI_TOO_LONG -> "the request's path and query are too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request's headers are over the size limit";
            default -> status.is5xxServerError() ? "an internal error occurred; it has been logged"
                    : safe(request.getAttribute(RequestDispatcher.ERROR_MESSAGE), status);
        };
    }

    /** The container's message when it is plain words, else the status's reason. */
    private static String safe(Object message, HttpStatus status) {
        String text = message == null ? "" : message.toString();
        boolean plain = !text.isBlank() && text.length() <= 200 && !text.contains("Exception")
                && !text.matches("(?s).*\\b(java|javax|jakarta|org|tools)\\.[a-z].*");
        return plain ? text : status.getReasonPhrase();
    }
}
