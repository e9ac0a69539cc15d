package dev.crawlyard.api.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}, reached only by an error dispatch: a request for it
 * is refused like any unknown path), in the API's error body, in place of Spring Boot's page.
 */
@RestController
class ApiErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String text = status.is5xxServerError() ? "an internal error occurred; it has been logged"
                : message instanceof String given && !given.isBlank() ? given : status.getReasonPhrase();
        return ResponseEntity.status(status).body(new ApiError(status.value(), status.getReasonPhrase(), text,
                uri == null ? request.getRequestURI() : uri.toString(), List.of(), Instant.now()));
    }
}
