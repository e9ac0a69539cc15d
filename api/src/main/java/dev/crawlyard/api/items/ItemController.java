package dev.crawlyard.api.items;

import dev.crawlyard.api.Paging;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.api.tasks.AttemptChoice;
import dev.crawlyard.api.tasks.TaskService;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A task's or a spider's items (by default what each task ended with: its last attempt's, so a
 * retry's items never sit beside those of the attempt it replaced, except a crawler's, whose attempts
 * add up) as JSON (paged), NDJSON or CSV (streamed: rows go from a database cursor to the response as
 * they are read, so an export of millions of items holds none of them).
 */
@RestController
class ItemController {

    private static final int DEFAULT_PAGE_SIZE = 100;

    private final ItemStore items;
    private final TaskService tasks;
    private final SpiderService spiders;
    private final ExportProperties export;

    ItemController(ItemStore items, TaskService tasks, SpiderService spiders, ExportProperties export) {
        this.items = items;
        this.tasks = tasks;
        this.spiders = spiders;
        this.export = export;
    }

    /**
     * The task's items: what it ended with (its last attempt's, or a crawler's of every attempt), of
     * {@code attempt=N}, or with {@code attempts=all} of every one.
     */
    @GetMapping("/api/tasks/{id}/items")
    ResponseEntity<StreamingResponseBody> ofTask(@PathVariable long id,
            @RequestParam(defaultValue = "json") String format, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
            @RequestParam(required = false) Integer attempt, @RequestParam(required = false) String attempts) {
        AttemptChoice choice = AttemptChoice.of(tasks.get(id), attempt, attempts);
        ItemQuery query = choice.attempt() == null ? ItemQuery.ofTaskAllAttempts(id)
                : attempt == null ? ItemQuery.ofTask(id)
                : ItemQuery.ofTaskAttempt(id, choice.attempt());
        return export(query, "task-" + id, ExportFormat.parse(format), page, size, () -> items.count(query));
    }

    /** The spider's items: what each task ended with, or with {@code attempts=all} of every attempt. */
    @GetMapping("/api/spiders/{ref}/items")
    ResponseEntity<StreamingResponseBody> ofSpider(@PathVariable String ref,
            @RequestParam(defaultValue = "json") String format, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
            @RequestParam(required = false) String attempts) {
        long spiderId = spiders.find(ref).id();
        ItemQuery query = AttemptChoice.parseAll(attempts) ? ItemQuery.ofSpiderAllAttempts(spiderId)
                : ItemQuery.ofSpider(spiderId);
        return export(query, "spider-" + spiderId, ExportFormat.parse(format), page, size, () -> items.count(query));
    }

    private ResponseEntity<StreamingResponseBody> export(ItemQuery query, String name, ExportFormat format, int page,
            int size, java.util.function.LongSupplier count) {
        StreamingResponseBody body = switch (format) {
            case JSON -> {
                Paging.check(page, size);
                long total = count.getAsLong();
                yield out -> json(query, page, size, total, writer(out));
            }
            case NDJSON -> out -> ndjson(query, writer(out));
            case CSV -> {
                List<String> columns = items.keys(query);
                yield out -> csv(query, columns, writer(out));
            }
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.parseMediaType(
                format.mediaType() + ";charset=UTF-8"));
        if (format != ExportFormat.JSON) {
            response.header(HttpHeaders.CONTENT_DISPOSITION,
                    "attachment; filename=\"" + name + "-items." + format.name().toLowerCase() + "\"");
        }
        return response.body(body);
    }

    private void json(ItemQuery query, int page, int size, long total, Writer out) throws IOException {
        out.write("{\"items\":[");
        boolean[] first = {true};
        items.stream(query, (long) page * size, size, item -> write(out, first[0] ? item : "," + item, first));
        out.write("],\"page\":" + page + ",\"size\":" + size + ",\"total\":" + total + "}");
        out.flush();
    }

    private void ndjson(ItemQuery query, Writer out) throws IOException {
        items.stream(query, 0, 0, item -> write(out, item + "\n", null));
        out.flush();
    }

    private void csv(ItemQuery query, List<String> columns, Writer out) throws IOException {
        try (CsvWriter csv = new CsvWriter(out, columns, export.csvFormulaEscape())) {
            csv.header();
            items.stream(query, 0, 0, csv::row);
        }
        out.flush();
    }

    private static void write(Writer out, String text, boolean[] first) {
        try {
            out.write(text);
            if (first != null) {
                first[0] = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Writer writer(java.io.OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }
}
