package dev.crawlyard.api.monitoring;

import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.ProgressValues;
import dev.crawlyard.store.tasks.TaskProgress;
import dev.crawlyard.store.tasks.TaskStore;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP heartbeat and completion calls of spiders written for containers
 * ({@code execution_id}, {@code status}, {@code progress}, {@code result_data}, {@code error_message}).
 * They become progress and result on the task. A spider authenticates with the token its runner put
 * in {@code CRAWLYARD_TASK_TOKEN}, which is good for its own task only; an operator or admin token
 * may report for any task.
 */
@RestController
class MonitoringController {

    /** The largest result a spider may report, as JSON text. */
    static final int MAX_RESULT_CHARS = 256 * 1024;

    private final TaskStore tasks;

    MonitoringController(TaskStore tasks) {
        this.tasks = tasks;
    }

    @PostMapping("/api/v1/monitoring/heartbeat")
    Map<String, Object> heartbeat(@RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        Task task = liveTask(body, caller);
        JsonNode progress = body.path("progress");
        // Numbers out of range are clamped, as they are for progress printed on stdout.
        Double percentage = ProgressValues.percentage(progress.isNumber() ? progress : progress.path("percentage"));
        Long current = ProgressValues.count(progress.path("current"));
        Long total = ProgressValues.count(progress.path("total"));
        String stage = text(body, "status", ProgressValues.MAX_STAGE_LENGTH);
        tasks.updateProgress(task.id(), new TaskProgress(stage, current, total, percentage, 0, 0, 0, 0, null, null));
        return Map.of("ok", true, "taskId", task.id());
    }

    @PostMapping("/api/v1/monitoring/completion")
    Map<String, Object> completion(@RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        Task task = liveTask(body, caller);
        JsonNode result = body.path("result_data");
        String error = text(body, "error_message", ProgressValues.MAX_MESSAGE_LENGTH);
        error = error == null || error.isBlank() ? null : error;
        String stage = text(body, "status", ProgressValues.MAX_STAGE_LENGTH);
        new FieldErrors()
                .require(!holdsNul(result), "result_data", "must not contain NUL characters")
                .require(result.isMissingNode() || result.toString().length() <= MAX_RESULT_CHARS, "result_data",
                        "must be at most " + MAX_RESULT_CHARS + " characters of JSON")
                .throwIfAny();
        // The stage first, so that whoever sees the result sees the final stage with it.
        if (stage != null) {
            tasks.updateProgress(task.id(), new TaskProgress(stage, null, null, null, 0, 0, 0, 0, null, null));
        }
        tasks.recordResult(task.id(), result.isMissingNode() || result.isNull() ? null : result.toString(), error);
        return Map.of("ok", true, "taskId", task.id());
    }

    /** A string field: absent is null; NUL or too long is a 400 naming it. */
    private static String text(JsonNode body, String field, int max) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        new FieldErrors().require(value.isString(), field, "must be a string").throwIfAny();
        new FieldErrors().text(field, value.asString(), max).throwIfAny();
        return value.asString();
    }

    /** Whether any string or field name in the JSON holds a NUL, which PostgreSQL's jsonb refuses. */
    private static boolean holdsNul(JsonNode node) {
        if (node.isString()) {
            return node.asString().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            return node.properties().stream().anyMatch(e -> e.getKey().indexOf('\0') >= 0 || holdsNul(e.getValue()));
        }
        return node.isArray() && node.valueStream().anyMatch(MonitoringController::holdsNul);
    }

    private Task liveTask(JsonNode body, Caller caller) {
        JsonNode id = body.path("execution_id");
        long taskId;
        try {
            if (!id.isIntegralNumber() && !id.isString()) {
                throw new NumberFormatException();
            }
            taskId = Long.parseLong(id.isIntegralNumber() ? id.bigIntegerValue().toString() : id.asString().trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(java.util.List.of(new dev.crawlyard.api.errors.ApiError.FieldError(
                    "execution_id", "must be the task id (CRAWLYARD_TASK_ID)")));
        }
        // Security lets a task's token through to these calls only; which task it may report for is in the body.
        if (caller instanceof Caller.TaskSpider spider && spider.taskId() != taskId) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this token belongs to task " + spider.taskId()
                    + ", not to task " + taskId, List.of());
        }
        Task task = tasks.find(taskId).orElseThrow(() -> ApiException.notFound("no task with id " + taskId));
        if (task.status().isTerminal()) {
            throw ApiException.conflict("task " + taskId + " has already ended (" + task.status().wireName() + ")");
        }
        return task;
    }
}
