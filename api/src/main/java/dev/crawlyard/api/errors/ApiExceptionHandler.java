package dev.crawlyard.api.errors;

import dev.crawlyard.api.files.FilesProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure into an {@link ApiError} body; a caller's mistake is never a 500. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final FilesProperties uploadLimits;

    ApiExceptionHandler(FilesProperties uploadLimits) {
        this.uploadLimits = uploadLimits;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e, HttpServletRequest request) {
        return body(e.status(), e.getMessage(), e.fieldErrors(), request.getRequestURI());
    }

    /** A multipart body the container could not parse; one over the size limits is handled below. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiError> unreadableMultipart(MultipartException e, HttpServletRequest request) {
        return body(HttpStatus.BAD_REQUEST, "the multipart body could not be read: " + rootMessage(e), List.of(),
                request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "an internal error occurred; it has been logged", List.of(),
                request.getRequestURI());
    }

    /** Spring MVC's own refusals (bad JSON, wrong method, unknown path, bad parameter types). */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
        if (e instanceof HttpMessageNotReadableException unreadable) {
            ApiException described = UnreadableBodies.describe(unreadable);
            headers = HttpHeaders.copyOf(headers);
            headers.setContentType(MediaType.APPLICATION_JSON);
            return new ResponseEntity<>(new ApiError(described.status().value(), described.status().getReasonPhrase(),
                    described.getMessage(), path, described.fieldErrors(), Instant.now()), headers, described.status());
        }
        String message = switch (e) {
            case NoResourceFoundException missing -> "no such endpoint: " + missing.getHttpMethod() + " /"
                    + missing.getResourcePath();
            case MaxUploadSizeExceededException tooLarge -> "the upload is over the limits: at most "
                    + uploadLimits.maxFiles() + " files, " + uploadLimits.maxFileSize().toBytes() + " bytes a file and "
                    + uploadLimits.maxTotalSize().toBytes() + " bytes in all (crawlyard.files.max-files, max-file-size,"
                    + " max-total-size)";
            case TypeMismatchException mismatch -> "'" + mismatch.getValue() + "' is not a valid value for "
                    + (mismatch.getPropertyName() == null ? "a parameter" : mismatch.getPropertyName());
            // Spring's own details name the problem without Java types; its exception messages do not.
            case ErrorResponse response when response.getBody().getDetail() != null -> response.getBody().getDetail();
            default -> HttpStatus.valueOf(status.value()).getReasonPhrase();
        };
        HttpStatus resolved = HttpStatus.valueOf(status.value());
        headers = HttpHeaders.copyOf(headers);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(new ApiError(status.value(), resolved.getReasonPhrase(), message, path, List.of(),
                Instant.now()), headers, status);
    }

    static ResponseEntity<ApiError> body(HttpStatus status, String message, List<ApiError.FieldError> fields,
            String path) {
        // JSON whatever the request accepts (a log stream's client accepts only text/event-stream).
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), status.getReasonPhrase(), message, path, fields, Instant.now()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
