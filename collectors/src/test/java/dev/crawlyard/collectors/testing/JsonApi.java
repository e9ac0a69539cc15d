package dev.crawlyard.collectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A JSON API served on 127.0.0.1 for the API collector's tests, with a log of every request. Its
 * records are {@code {"id": n, "name": "record n", "updated": "2026-01-01T00:00:nn"}}, ids from 1,
 * newest last; more can be added. Each path pages them in one style, ten a page by default:
 *
 * <ul>
 *   <li>{@code /page?page=&per_page=} → {@code {"data": [...]}}
 *   <li>{@code /offset?offset=&limit=} → {@code {"items": [...], "total": n}}
 *   <li>{@code /cursor?cursor=} → {@code {"results": [...], "meta": {"next": "c10" | null}}}
 *   <li>{@code /link?page=} → a bare array with a {@code Link: <...>; rel="next"} header
 *   <li>{@code /next?after=} → {@code {"data": [...], "links": {"next": "/next?after=10" | null}}}
 * </ul>
 *
 * Every path takes {@code since_id} (only newer ids). An auth rule may guard every path; faults
 * queued with {@link #fail} are answered before the real answers.
 */
public final class JsonApi implements AutoCloseable {

    /** One request the API was sent. */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body, long nanos) {
    }

    /** A canned answer given instead of the real one. */
    public record Fault(int status, String retryAfter, String body) {
    }

    private final HttpServer server;
    private final List<Integer> ids = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile Predicate<Request> auth = request -> true;
    private volatile int tokenUses = Integer.MAX_VALUE;
    private final Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();
    private volatile int pageSize = 10;

    public JsonApi(int records) throws IOException {
        add(records);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds {@code count} newer records. */
    public void add(int count) {
        int next = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        for (int i = 0; i < count; i++) {
            ids.add(next + i);
        }
    }

    public void pageSize(int size) {
        this.pageSize = size;
    }

    /** Every request must pass {@code rule}; others are answered 401 {"message": "invalid credentials"}. */
    public void requireAuth(Predicate<Request> rule) {
        this.auth = rule;
    }

    /** Requires a bearer token issued by {@code /oauth/token} to {@code clientId}/{@code secret}, good for {@code uses} requests. */
    public void requireOAuth(String clientId, String secret, int uses) {
        this.tokenUses = uses;
        this.clientId = clientId;
        this.clientSecret = secret;
        this.auth = request -> {
            String header = request.headers().getOrDefault("authorization", "");
            String token = header.startsWith("Bearer ") ? header.substring(7) : "";
            if (!validTokens.contains(token)) {
                return false;
            }
            if (this.uses.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet() >= tokenUses) {
                validTokens.remove(token);
            }
            return true;
        };
    }

    private volatile String clientId;
    private volatile String clientSecret;

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** The next requests (after any queued before) get these answers instead. */
    public void fail(Fault... answers) {
        faults.addAll(List.of(answers));
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests to the record paths (not the token endpoint). */
    public List<Request> dataRequests() {
        return requests().stream().filter(r -> !r.path().equals("/oauth/token")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                    headers, body, System.nanoTime());
            requests.add(request);
            if (request.path().equals("/oauth/token")) {
                token(exchange, request);
                return;
            }
            Fault fault = faults.poll();
            if (fault != null) {
                if (fault.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
                }
                send(exchange, fault.status(), fault.body() == null ? "{\"message\": \"try later\"}" : fault.body());
                return;
            }
            if (!auth.test(request)) {
                send(exchange, 401, "{\"message\": \"invalid credentials\"}");
                return;
            }
            records(exchange, request);
        }
    }

    private void token(HttpExchange exchange, Request request) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = query(request.body());
        if (!expected.equals(request.headers().get("authorization"))
                || !"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 401, "{\"error\": \"invalid_client\", \"error_description\": \"unknown client\"}");
            return;
        }
        String token = "at-" + tokensIssued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        validTokens.add(token);
        send(exchange, 200, "{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", \"expires_in\": 3600}");
    }

    private void records(HttpExchange exchange, Request request) throws IOException {
        Map<String, String> q = request.query();
        int since = Integer.parseInt(q.getOrDefault("since_id", "0"));
        List<Integer> all = ids.stream().filter(id -> id > since).toList();
        int size = pageSize;
        switch (request.path()) {
            case "/page" -> {
                int perPage = Integer.parseInt(q.getOrDefault("per_page", Integer.toString(size)));
                int page = Integer.parseInt(q.getOrDefault("page", "1"));
                send(exchange, 200, "{\"data\": " + json(slice(all, (page - 1) * perPage, perPage)) + "}");
            }
            case "/offset" -> {
                int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
                int limit = Integer.parseInt(q.getOrDefault("limit", Integer.toString(size)));
                send(exchange, 200, "{\"items\": " + json(slice(all, offset, limit)) + ", \"total\": " + all.size() + "}");
            }
            case "/cursor" -> {
                int from = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor").substring(1)) : 0;
                int end = Math.min(all.size(), from + size);
                String next = end < all.size() ? "\"c" + end + "\"" : "null";
                send(exchange, 200, "{\"results\": " + json(slice(all, from, size)) + ", \"meta\": {\"next\": " + next + "}}");
            }
            case "/link" -> {
                int page = Integer.parseInt(q.getOrDefault("page", "1"));
                if (page * size < all.size()) {
                    exchange.getResponseHeaders().add("Link", "<" + url() + "/link?page=1>; rel=\"first\", <"
                            + "/link?page=" + (page + 1) + (q.containsKey("since_id") ? "&since_id=" + since : "")
                            + ">; rel=\"next\"");
                }
                send(exchange, 200, json(slice(all, (page - 1) * size, size)));
            }
            case "/next" -> {
                int after = Integer.parseInt(q.getOrDefault("after", "0"));
                List<Integer> rest = all.stream().filter(id -> id > after).toList();
                List<Integer> page = slice(rest, 0, size);
                String next = rest.size() > size ? "\"/next?after=" + page.get(page.size() - 1) + "\"" : "null";
                send(exchange, 200, "{\"data\": " + json(page) + ", \"links\": {\"next\": " + next + "}}");
            }
            case "/elsewhere" -> send(exchange, 200, "{\"data\": " + json(slice(all, 0, size))
                    + ", \"links\": {\"next\": \"http://localhost:" + server.getAddress().getPort() + "/next\"}}");
            default -> send(exchange, 404, "{\"message\": \"no such path\"}");
        }
    }

    private static List<Integer> slice(List<Integer> all, int from, int count) {
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList(from, Math.min(all.size(), from + count));
    }

    private static String json(List<Integer> ids) {
        StringBuilder out = new StringBuilder("[");
        for (int id : ids) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"id\": ").append(id).append(", \"name\": \"record ").append(id)
                    .append("\", \"updated\": \"2026-01-01T00:").append(String.format("%02d:%02d", id / 60, id % 60))
                    .append("\"}");
        }
        return out.append(']').toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
