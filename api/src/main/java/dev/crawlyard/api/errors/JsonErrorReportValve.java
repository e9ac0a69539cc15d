package dev.crawlyard.api.errors;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a path with an
 * encoded '/', '\' or NUL, a '..' above the root, characters not allowed in a request line), written
 * as the API's error body instead of Tomcat's HTML page. Errors the application answers itself
 * already have a body, and this valve leaves them alone.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    public JsonErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error" : known.getReasonPhrase();
        String message = status == HttpStatus.BAD_REQUEST.value()
                ? "the request was refused: " + (response.getMessage() == null ? "it is malformed" : response.getMessage())
                        + " " + ApiError.PLAIN_PATH
                : status >= 500 ? "an internal error occurred; it has been logged" : reason;
        try {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding("utf-8");
            byte[] body = json.writeValueAsBytes(new ApiError(status, reason, message,
                    request.getRequestURI() == null ? "" : request.getRequestURI(), List.of(),
                    Instant.now()));
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response is committed: there is no one left to tell.
        }
    }
}
