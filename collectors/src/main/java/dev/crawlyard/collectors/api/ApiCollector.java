package dev.crawlyard.collectors.api;

import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects an API's records as items, page by page: each record (found by the config's JSON
 * Pointer, its fields mapped if the config maps them) becomes an item, progress is pages and
 * records, and the run's new high-water mark is printed as the spider's state at the end of a run
 * that got through, so that the next run asks only for newer records.
 */
public final class ApiCollector {

    /** Exit codes: the API failed the run, or the config cannot run. */
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a run did, for its summary and the tests. */
    public record Summary(long pages, long records, long skipped, long requests, long retries, JsonNode highWater) {
    }

    private final ApiConfig config;
    private final ApiHttp http;
    private final Credentials credentials;
    private final Template template;
    private final IpcOut out;
    private final StopSignal stop;
    private final JsonNode savedHighWater;
    private JsonNode highWater;
    private long pages;
    private long records;
    private long skipped;

    ApiCollector(ApiConfig config, ApiHttp http, Credentials credentials, Map<String, String> params, JsonNode state,
            IpcOut out, StopSignal stop) {
        this.config = config;
        this.http = http;
        this.credentials = credentials;
        this.template = new Template(params, state);
        this.out = out;
        this.stop = stop;
        JsonNode saved = state == null ? null : state.get("highWater");
        this.savedHighWater = saved != null && !saved.isNull() ? saved
                : config.incremental() == null ? null : config.incremental().initial();
        this.highWater = savedHighWater;
    }

    Summary summary() {
        return new Summary(pages, records, skipped, http.requests(), http.retries(), highWater);
    }

    /** Runs the collection; returns the exit code. */
    int run() throws InterruptedException {
        Pager pager;
        try {
            pager = pager();
        } catch (Template.MissingValue | IllegalArgumentException e) {
            out.error("config", e.getMessage());
            return EXIT_CONFIG;
        }
        ApiHttp.Request request = pager.first();
        int maxPages = config.paging().maxPages();
        try {
            while (request != null) {
                if (stop.stopping()) {
                    out.log("info", "collection cancelled after " + pages + " pages, " + records + " records");
                    return 0;
                }
                if (pages >= maxPages) {
                    out.log("info", "stopped at maxPages (" + maxPages + ")");
                    break;
                }
                ApiHttp.Reply reply = http.send(request);
                String failure = failureOf(request, reply);
                if (failure != null) {
                    out.error(reply.status() == 401 || reply.status() == 403 ? "auth" : "network", failure);
                    return EXIT_FAILED;
                }
                JsonNode answer;
                try {
                    answer = JSON.readTree(reply.body());
                } catch (RuntimeException e) {
                    out.error("spider", describe(request) + " answered " + reply.status() + " with a body that is not JSON");
                    return EXIT_FAILED;
                }
                List<Map<String, Object>> items = items(answer);
                pages++;
                if (!items.isEmpty()) {
                    out.items(items);
                }
                out.progress("fetching", pages, 0);
                if (out.broken()) {
                    return EXIT_FAILED;
                }
                request = pager.next(reply, answer, recordCount(answer));
            }
        } catch (Credentials.Failure e) {
            out.error("auth", e.getMessage());
            return EXIT_FAILED;
        } catch (Pager.Refused e) {
            out.error("spider", e.getMessage());
            return EXIT_FAILED;
        } catch (IOException e) {
            out.error("network", credentials.redact(e.getMessage()));
            return EXIT_FAILED;
        }
        out.log("info", "collected " + records + " records from " + pages + " pages in " + http.requests()
                + " requests (" + http.retries() + " retries)" + (config.incremental() == null ? ""
                : "; " + skipped + " records at or below the high-water mark " + savedHighWater + " skipped; new mark "
                        + highWater));
        if (config.incremental() != null && highWater != null) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("highWater", highWater);
            out.state(state);
        }
        return 0;
    }

    /** The requests' shape from the config, placeholders filled. */
    private Pager pager() {
        String url = template.fill(config.url(), true);
        Map<String, String> query = new LinkedHashMap<>();
        config.query().forEach((name, value) -> query.put(name, template.fill(value, false)));
        if (config.incremental() != null && config.incremental().param() != null && savedHighWater != null) {
            query.put(config.incremental().param(), savedHighWater.isValueNode() ? savedHighWater.asString()
                    : savedHighWater.toString());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        config.headers().forEach((name, value) -> headers.put(name, template.fill(value, false)));
        JsonNode body = template.fill(config.body());
        URI.create(url);
        return new Pager(config.paging(), config.method(), headers, body == null ? null : JSON.writeValueAsString(body),
                url, query);
    }

    /** Why a reply ends the run, or null if it is a page to read. */
    private String failureOf(ApiHttp.Request request, ApiHttp.Reply reply) {
        if (reply.error() != null && reply.status() == 0) {
            return describe(request) + " failed after " + reply.retries() + " retries: " + credentials.redact(reply.error());
        }
        if (reply.error() != null) {
            return describe(request) + " answered " + reply.status() + ": " + reply.error();
        }
        if (reply.status() < 200 || reply.status() >= 300) {
            String body = reply.body() == null ? "" : Credentials.excerpt(new String(reply.body(), StandardCharsets.UTF_8));
            return describe(request) + " answered " + reply.status() + (reply.retries() > 0 ? " after " + reply.retries()
                    + " retries" : "") + (body.isEmpty() ? "" : ": " + credentials.redact(messageOf(body)));
        }
        if (reply.tooLarge()) {
            return describe(request) + " answered with a body over maxResponseBytes (" + config.maxResponseBytes() + ")";
        }
        return null;
    }

    /** The request as the log may show it: method and URL, any secret in it blanked out. */
    private String describe(ApiHttp.Request request) {
        return request.method() + " " + credentials.redact(request.uri().toString());
    }

    /** The API's own message in an error body: its "message", "error_description" or "error", else the body. */
    private static String messageOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            for (String field : new String[] {"message", "error_description", "error", "detail", "title"}) {
                JsonNode value = node.path(field);
                if (value.isString() && !value.asString().isBlank()) {
                    return value.asString();
                }
            }
        } catch (RuntimeException e) {
            // Not JSON: the body itself says it.
        }
        return body;
    }

    private int recordCount(JsonNode answer) {
        JsonNode found = answer.at(JsonPointer.compile(config.records()));
        return found.isArray() ? found.size() : found.isObject() ? 1 : 0;
    }

    private List<Map<String, Object>> items(JsonNode answer) {
        JsonNode found = answer.at(JsonPointer.compile(config.records()));
        List<JsonNode> list = new ArrayList<>();
        if (found.isArray()) {
            found.forEach(list::add);
        } else if (found.isObject()) {
            list.add(found);
        }
        List<Map<String, Object>> items = new ArrayList<>(list.size());
        JsonPointer field = config.incremental() == null ? null : JsonPointer.compile(config.incremental().field());
        for (JsonNode record : list) {
            records++;
            if (field != null) {
                JsonNode value = record.at(field);
                if (savedHighWater != null && !value.isMissingNode() && compare(value, savedHighWater) <= 0) {
                    skipped++;
                    continue;
                }
                if (!value.isMissingNode() && !value.isNull() && (highWater == null || compare(value, highWater) > 0)) {
                    highWater = value;
                }
            }
            items.add(itemOf(record));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> itemOf(JsonNode record) {
        if (config.fields() == null) {
            return record.isObject() ? JSON.convertValue(record, Map.class) : Map.of("value", JSON.convertValue(record,
                    Object.class));
        }
        Map<String, Object> item = new LinkedHashMap<>();
        config.fields().forEach((name, pointer) -> {
            JsonNode value = record.at(JsonPointer.compile(pointer));
            item.put(name, value.isMissingNode() ? null : JSON.convertValue(value, Object.class));
        });
        return item;
    }

    /** Numbers as numbers, anything else as text (ISO timestamps sort as text). */
    static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isNumber() || b.isNumber()) {
            try {
                return new BigDecimal(a.asString()).compareTo(new BigDecimal(b.asString()));
            } catch (NumberFormatException e) {
                // Fall through to text.
            }
        }
        return a.asString().compareTo(b.asString());
    }
}
