package dev.crawlyard.collectors.crawler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crawl's shared frontier in PostgreSQL, reached through the platform's API with the task's own
 * token ({@code CRAWLYARD_TASK_TOKEN}), which opens this task's crawl calls and nothing else: the
 * crawler never holds database credentials.
 */
final class RemoteFrontier implements Frontier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;
    private final int attempt;

    RemoteFrontier(String apiUrl, String token, int attempt) {
        this.base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.token = token;
        this.attempt = attempt;
    }

    @Override
    public void open(List<String> startUrls) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attempt", attempt);
        body.put("startUrls", startUrls);
        call("open", body);
    }

    @Override
    public Grant exchange(List<PageResult> results, List<Link> links, int want, boolean counts) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attempt", attempt);
        body.put("want", want);
        body.put("counts", counts);
        List<Map<String, Object>> pages = new ArrayList<>(results.size());
        for (PageResult result : results) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("url", result.url());
            page.put("outcome", result.outcome());
            page.put("status", result.status());
            page.put("bytes", result.bytes());
            page.put("millis", result.millis());
            page.put("retries", result.retries());
            page.put("itemUrl", result.itemUrl());
            pages.add(page);
        }
        body.put("results", pages);
        List<Map<String, Object>> found = new ArrayList<>(links.size());
        for (Link link : links) {
            found.add(Map.of("url", link.url(), "depth", link.depth(),
                    "kind", link.kind().name().toLowerCase(Locale.ROOT)));
        }
        body.put("links", found);
        JsonNode answer = call("exchange", body);
        Set<String> refused = new HashSet<>();
        answer.path("refused").forEach(url -> refused.add(url.asString()));
        List<Lease> leases = new ArrayList<>();
        answer.path("leases").forEach(lease -> leases.add(new Lease(lease.path("url").asString(),
                lease.path("depth").asInt(), lease.path("delayMillis").asLong())));
        return new Grant(refused, leases, answer.path("exhausted").asBoolean(), answer.path("pagesDone").asLong(-1),
                answer.path("pagesKnown").asLong(-1));
    }

    @Override
    public long slot(String host) throws IOException {
        return call("slot", Map.of("attempt", attempt, "host", host)).path("delayMillis").asLong();
    }

    @Override
    public void finish(List<String> unfetched) throws IOException {
        call("finish", Map.of("attempt", attempt, "unfetched", unfetched));
    }

    private JsonNode call(String operation, Object body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/crawl/" + operation))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return JSON.readTree(response.body());
        }
        String message = messageOf(response.body());
        if (status == 401 || status == 403 || status == 409) {
            // Another attempt holds the task's token now, the task has ended, or the lease ran out.
            throw new LeaseLostException(status + " " + message);
        }
        if (status >= 400 && status < 500) {
            throw new IllegalStateException("the frontier refused a " + operation + " call: " + status + " " + message);
        }
        throw new IOException(status + " " + message);
    }

    private static String messageOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("message").asString(body);
        } catch (RuntimeException e) {
            return body;
        }
    }
}
