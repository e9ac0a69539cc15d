package dev.crawlyard.api.tasks;

import dev.crawlyard.api.errors.FieldErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/tasks/{id}/events}: the task's log and progress as server-sent events, beside the paged log. */
@RestController
class TaskEventController {

    private final TaskEventStreams streams;

    TaskEventController(TaskEventStreams streams) {
        this.streams = streams;
    }

    /** Resumes after {@code Last-Event-ID} when the client reconnects, otherwise after {@code after} (0: from the start). */
    @GetMapping("/api/tasks/{id}/events")
    ResponseEntity<SseEmitter> events(@PathVariable long id, @RequestParam(defaultValue = "0") long after,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long from = after;
        FieldErrors errors = new FieldErrors().require(after >= 0, "after", "must be 0 or more");
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.trim());
                errors.require(from >= 0, "Last-Event-ID", "must be the number of a log line, 0 or more");
            } catch (NumberFormatException e) {
                errors.add("Last-Event-ID", "must be the number of a log line, as the stream's events give it");
            }
        }
        errors.throwIfAny();
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Proxies such as nginx hold a response back in their buffers unless told not to.
                .header("X-Accel-Buffering", "no")
                .body(streams.open(id, from));
    }
}
