package dev.crawlyard.api.monitoring;

import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.store.tasks.Task;
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

    private final TaskStore tasks;

    MonitoringController(TaskStore tasks) {
        this.tasks = tasks;
    }

    @PostMapping("/api/v1/monitoring/heartbeat")
    Map<String, Object> heartbeat(@RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        Task task = liveTask(body, caller);
        JsonNode progress = body.path("progress");
        Double percentage = progress.isNumber() ? progress.asDouble()
                : progress.path("percentage").isNumber() ? progress.path("percentage").asDouble() : null;
        Long current = progress.path("current").isNumber() ? progress.path("current").asLong() : null;
        Long total = progress.path("total").isNumber() ? progress.path("total").asLong() : null;
        String stage = body.path("status").isString() ? body.path("status").asString() : null;
        tasks.updateProgress(task.id(), new TaskProgress(stage, current, total, percentage, 0, 0, 0, 0, null, null));
        return Map.of("ok", true, "taskId", task.id());
    }

    @PostMapping("/api/v1/monitoring/completion")
    Map<String, Object> completion(@RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        Task task = liveTask(body, caller);
        JsonNode result = body.path("result_data");
        String error = body.path("error_message").isString() && !body.path("error_message").asString().isBlank()
                ? body.path("error_message").asString() : null;
        String stage = body.path("status").isString() ? body.path("status").asString() : null;
        tasks.recordResult(task.id(), result.isMissingNode() || result.isNull() ? null : result.toString(), error);
        if (stage != null) {
            tasks.updateProgress(task.id(), new TaskProgress(stage, null, null, null, 0, 0, 0, 0, null, null));
        }
        return Map.of("ok", true, "taskId", task.id());
    }

    private Task liveTask(JsonNode body, Caller caller) {
        JsonNode id = body.path("execution_id");
        long taskId;
        try {
            taskId = Long.parseLong(id.isNumber() ? Long.toString(id.asLong()) : id.asString("").trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("execution_id must be the task id (CRAWLYARD_TASK_ID), not '"
                    + (id.isMissingNode() ? "" : id.toString()) + "'");
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
