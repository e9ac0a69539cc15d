package dev.crawlyard.api.schedules;

import dev.crawlyard.api.Paging;
import dev.crawlyard.api.tasks.TaskService;
import dev.crawlyard.api.tasks.TaskView;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.tasks.Task;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/schedules}: cron schedules of spider runs. */
@RestController
class ScheduleController {

    private final ScheduleService schedules;
    private final TaskService tasks;

    ScheduleController(ScheduleService schedules, TaskService tasks) {
        this.schedules = schedules;
        this.tasks = tasks;
    }

    /** The body of pause. */
    record PauseRequest(String note) {
    }

    /** The body of backfill: fire for every planned time in [from, to). */
    record BackfillRequest(Instant from, Instant to) {
    }

    @PostMapping("/api/schedules")
    ResponseEntity<ScheduleView> create(@RequestBody ScheduleRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(view(schedules.create(request)));
    }

    @GetMapping("/api/schedules")
    List<ScheduleView> list() {
        return schedules.list().stream().map(this::view).toList();
    }

    @GetMapping("/api/schedules/{id}")
    ScheduleView get(@PathVariable long id) {
        return view(schedules.get(id));
    }

    @PutMapping("/api/schedules/{id}")
    ScheduleView update(@PathVariable long id, @RequestBody ScheduleRequest request) {
        return view(schedules.update(id, request));
    }

    @DeleteMapping("/api/schedules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        schedules.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/schedules/{id}/pause")
    ScheduleView pause(@PathVariable long id, @RequestBody(required = false) PauseRequest request) {
        return view(schedules.pause(id, request == null ? null : request.note()));
    }

    @PostMapping("/api/schedules/{id}/unpause")
    ScheduleView unpause(@PathVariable long id) {
        return view(schedules.unpause(id));
    }

    @PostMapping("/api/schedules/{id}/trigger")
    ResponseEntity<Void> trigger(@PathVariable long id) {
        schedules.trigger(id);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/schedules/{id}/backfill")
    ResponseEntity<Void> backfill(@PathVariable long id, @RequestBody BackfillRequest request) {
        schedules.backfill(id, request.from(), request.to());
        return ResponseEntity.accepted().build();
    }

    /** Where a cron expression would fire, before a schedule is made of it. */
    @GetMapping("/api/schedules/next-fire-times")
    List<Instant> preview(@RequestParam(required = false) String cron, @RequestParam(required = false) String timeZone,
            @RequestParam(defaultValue = "5") int count) {
        return schedules.preview(cron, timeZone, count);
    }

    @GetMapping("/api/schedules/{id}/next")
    List<Instant> next(@PathVariable long id, @RequestParam(defaultValue = "5") int count) {
        return schedules.next(id, count);
    }

    @GetMapping("/api/schedules/{id}/tasks")
    Page<TaskView> tasks(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        schedules.get(id);
        Page<Task> found = tasks.list(null, null, id, page, size);
        return new Page<>(found.items().stream().map(TaskView::of).toList(), found.page(), found.size(),
                found.total());
    }

    private ScheduleView view(dev.crawlyard.store.schedules.Schedule schedule) {
        return ScheduleView.of(schedule, schedules.backendName());
    }
}
