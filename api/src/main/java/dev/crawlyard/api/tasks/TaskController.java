package dev.crawlyard.api.tasks;

import dev.crawlyard.api.ApiProperties;
import dev.crawlyard.api.Paging;
import dev.crawlyard.planning.temporal.TemporalProperties;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskRequest;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.UUID;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Running spiders, and {@code /api/tasks}: list, read, follow the log of, and cancel tasks. */
@RestController
class TaskController {

    /** The request header that makes a run request safe to send again. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TaskService tasks;
    /** The Temporal UI's page of the namespace's workflows, or null when its address is not set. */
    private final String temporalUi;

    TaskController(TaskService tasks, ApiProperties properties, TemporalProperties temporal) {
        this.tasks = tasks;
        this.temporalUi = properties.temporalUiUrl().isEmpty() ? null
                : properties.temporalUiUrl() + "/namespaces/" + temporal.namespace() + "/workflows/";
    }

    /** A run of several nodes answers with its group and its tasks. */
    record GroupView(String mode, UUID groupId, List<TaskView> tasks) {
    }

    /**
     * A random run answers with its one task; a selected or all-nodes run with its group of tasks. A
     * request with the {@code Idempotency-Key} of an earlier one for the same spider makes nothing and
     * answers with that one's tasks; the answer carries the key (a generated one if none was sent).
     */
    @ApiResponse(responseCode = "202", description = "Accepted: a task, or a group of tasks for modes selected and all",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {TaskView.class, GroupView.class})))
    @PostMapping("/api/spiders/{ref}/run")
    ResponseEntity<?> run(@PathVariable String ref, @RequestBody(required = false) RunSpiderRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        String runKey = key == null || key.isBlank() ? UUID.randomUUID().toString() : key.trim();
        TaskService.Run run = tasks.run(ref, request == null ? RunSpiderRequest.EMPTY : request, runKey);
        if (run.mode() == DispatchMode.RANDOM) {
            Task task = run.tasks().getFirst();
            return ResponseEntity.accepted().location(URI.create("/api/tasks/" + task.id()))
                    .header(IDEMPOTENCY_KEY, runKey).body(TaskView.of(task));
        }
        return ResponseEntity.accepted().header(IDEMPOTENCY_KEY, runKey).body(new GroupView(run.mode().wireName(),
                run.groupId(), run.tasks().stream().map(TaskView::of).toList()));
    }

    @GetMapping("/api/tasks")
    Page<TaskView> list(@RequestParam(required = false) String spider, @RequestParam(required = false) String status,
            @RequestParam(required = false) Long schedule,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        Page<Task> found = tasks.list(spider, status, schedule, page, size);
        return new Page<>(found.items().stream().map(TaskView::of).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/api/tasks/{id}")
    TaskView get(@PathVariable long id) {
        return TaskView.of(tasks.get(id), tasks.attempts(id),
                temporalUi == null ? null : temporalUi + TaskRequest.workflowId(id));
    }

    /** The task's log: of its last attempt, of {@code attempt=N}, or with {@code attempts=all} of every one. */
    @GetMapping("/api/tasks/{id}/logs")
    LogPage logs(@PathVariable long id, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "500") int limit, @RequestParam(required = false) Integer attempt,
            @RequestParam(required = false) String attempts) {
        return tasks.logs(id, after, limit, attempt, attempts);
    }

    /** Deletes an ended task's items and log; the task and its counters stay. */
    @DeleteMapping("/api/tasks/{id}/data")
    ResponseEntity<Void> deleteData(@PathVariable long id) {
        tasks.deleteData(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/tasks/{id}/cancel")
    ResponseEntity<TaskView> cancel(@PathVariable long id) {
        return ResponseEntity.accepted().body(TaskView.of(tasks.cancel(id)));
    }
}
