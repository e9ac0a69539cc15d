package dev.crawlyard.collectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generated catalogue on 127.0.0.1 for crawls over several nodes: {@code lists} listing pages in
 * a chain, each linking {@code perList} item pages, every page answered after {@code delayMillis}
 * (so that a crawl lasts long enough to kill a node in the middle of it), with a log of requests.
 */
public final class CatalogSite implements AutoCloseable {

    /** One request: its path and when it arrived ({@link System#nanoTime()}). */
    public record Request(String path, long nanos) {
    }

    private final HttpServer server;
    private final int lists;
    private final int perList;
    private final long delayMillis;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public CatalogSite(int lists, int perList, long delayMillis) throws IOException {
        this.lists = lists;
        this.perList = perList;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The pages there are to fetch: the root, the listings and the items. */
    public int pages() {
        return 1 + lists + items();
    }

    public int items() {
        return lists * perList;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests per path, robots.txt left out. */
    public Map<String, Integer> hits() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        hits.forEach((path, count) -> {
            if (!path.equals("/robots.txt")) {
                counts.put(path, count.get());
            }
        });
        return counts;
    }

    /** A crawler config for the catalogue, with more settings after it (JSON members, or blank). */
    public String crawlerConfig(String extra) {
        return """
                {"startUrls": ["%s"],
                 "itemPages": [{"pattern": "/item/\\\\d+$"}],
                 "fields": {"name": {"selector": "h1", "required": true}, "price": {"selector": ".price"}}%s}
                """.formatted(url(), extra == null || extra.isBlank() ? "" : ", " + extra);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(path, System.nanoTime()));
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String body = null;
            if (path.equals("/")) {
                body = "<html><body><a href=\"/list/1\">catalogue</a></body></html>";
            } else if (path.matches("/list/\\d+")) {
                int list = Integer.parseInt(path.substring(6));
                if (list >= 1 && list <= lists) {
                    StringBuilder html = new StringBuilder("<html><body><h2>List ").append(list).append("</h2>");
                    for (int i = 1; i <= perList; i++) {
                        int item = (list - 1) * perList + i;
                        html.append("<a href=\"/item/").append(item).append("\">item ").append(item).append("</a> ");
                    }
                    if (list < lists) {
                        html.append("<a href=\"/list/").append(list + 1).append("\">next</a>");
                    }
                    body = html.append("<a href=\"/\">home</a></body></html>").toString();
                }
            } else if (path.matches("/item/\\d+")) {
                int item = Integer.parseInt(path.substring(6));
                if (item >= 1 && item <= items()) {
                    body = "<html><body><h1>Item " + item + "</h1><p class=\"price\">" + (item % 97) + ".50</p>"
                            + "<a href=\"/list/1\">back</a></body></html>";
                }
            }
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
