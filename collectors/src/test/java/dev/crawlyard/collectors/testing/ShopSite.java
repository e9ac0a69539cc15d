package dev.crawlyard.collectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small shop served on 127.0.0.1 for crawler tests, with a log of every request it was sent.
 * Three listing pages ("next" links) lead to product pages, and the site does what real sites do:
 * its robots.txt forbids /private/, one product answers 500 once and one 429 with Retry-After once,
 * an old address redirects, one page is in windows-1252 declared only by its meta tag and one in
 * ISO-8859-1 declared only by its header, one page is far over any sane size, one lacks its price,
 * one is missing (404), and a link leads off the site.
 *
 * <p>Products with an item: 1-7 and 10 (reached through the redirect from /old-product).
 */
public final class ShopSite implements AutoCloseable {

    /** Seconds the 429 asks the crawler to wait. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /** The products that make items, with their names and prices. */
    public static final Map<Integer, String> NAMES = Map.of(1, "Teapot", 2, "Kettle", 3, "Øresund Map",
            4, "Mug", 5, "Saucer", 6, "Spoon", 7, "Café Crème — Über", 10, "Sugar Bowl");
    public static final Map<Integer, String> PRICES = Map.of(1, "12.50", 2, "30.00", 3, "9.99", 4, "4.00",
            5, "3.25", 6, "1.10", 7, "7.70", 10, "15.00");

    /**
     * One request the site was sent.
     *
     * @param path      the path and query
     * @param nanos     when it arrived ({@link System#nanoTime()})
     * @param userAgent its User-Agent
     * @param cookie    its Cookie header, or null
     */
    public record Request(String path, long nanos, String userAgent, String cookie) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public ShopSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The site's root, e.g. {@code http://127.0.0.1:4711/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** How many times {@code path} was requested. */
    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    /** The crawler config that crawls this shop, as a test registers it (JSON text). */
    public String crawlerConfig(String extra) {
        return """
                {"startUrls": ["%s"],
                 "skip": [{"pattern": "\\\\?sort="}],
                 "itemPages": [{"pattern": "/product/\\\\d+$"}],
                 "fields": {
                   "name": {"selector": "h1"},
                   "price": {"selector": ".price", "regex": "([0-9]+\\\\.[0-9]+)", "required": true},
                   "tags": {"selector": ".tag", "list": true},
                   "image": {"selector": "img.photo", "attribute": "abs:src"}
                 },
                 "userAgent": "ShopTestBot/1.0 (+test)",
                 "retries": 2, "retryBackoffMillis": 100,
                 "maxResponseBytes": 1048576%s}
                """.formatted(url(), extra == null || extra.isBlank() ? "" : ", " + extra);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(new Request(path, System.nanoTime(), exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("Cookie")));
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            switch (path) {
                case "/robots.txt" -> send(exchange, 200, "text/plain", "User-agent: *\nDisallow: /private/\n");
                case "/" -> {
                    exchange.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/");
                    send(exchange, 200, "text/html; charset=utf-8", listing(1, List.of(1, 2, 3),
                            "<a href=\"/product/1?sort=price\">by price</a>"
                                    + "<a href=\"/private/secret\">staff</a>"
                                    + "<a href=\"/old-product\">old</a>"
                                    + "<a href=\"http://elsewhere.invalid/\">partner</a>"));
                }
                case "/list/2" -> send(exchange, 200, "text/html", listing(2, List.of(4, 5, 6), ""));
                case "/list/3" -> send(exchange, 200, "text/html", listing(3, List.of(7, 8, 9, 11), ""));
                case "/old-product" -> {
                    exchange.getResponseHeaders().add("Location", "/product/10");
                    send(exchange, 301, "text/html", "moved");
                }
                case "/product/5" -> {
                    if (hit == 1) {
                        send(exchange, 500, "text/html", "try again");
                    } else {
                        product(exchange, 5);
                    }
                }
                case "/product/6" -> {
                    if (hit == 1) {
                        exchange.getResponseHeaders().add("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                        send(exchange, 429, "text/html", "slow down");
                    } else {
                        product(exchange, 6);
                    }
                }
                case "/product/7" -> {
                    String html = "<html><head><meta charset=\"windows-1252\"><title>7</title></head><body>"
                            + "<h1>" + NAMES.get(7) + "</h1><p class=\"price\">EUR " + PRICES.get(7) + "</p></body></html>";
                    sendBytes(exchange, 200, "text/html", html.getBytes(Charset.forName("windows-1252")));
                }
                case "/product/3" -> {
                    String html = "<html><head><title>3</title></head><body><h1>" + NAMES.get(3) + "</h1>"
                            + "<p class=\"price\">" + PRICES.get(3) + " DKK</p></body></html>";
                    sendBytes(exchange, 200, "text/html; charset=ISO-8859-1", html.getBytes(StandardCharsets.ISO_8859_1));
                }
                case "/product/8" -> huge(exchange);
                case "/product/9" -> send(exchange, 200, "text/html",
                        "<html><body><h1>Sold out</h1><p>no price</p></body></html>");
                default -> {
                    if (path.matches("/product/(1|2|4|10)")) {
                        product(exchange, Integer.parseInt(path.substring("/product/".length())));
                    } else {
                        send(exchange, 404, "text/html", "not found");
                    }
                }
            }
        }
    }

    private static String listing(int page, List<Integer> products, String extra) {
        StringBuilder html = new StringBuilder("<html><head><title>Shop page " + page + "</title></head><body><ul>");
        for (int product : products) {
            html.append("<li><a class=\"product\" href=\"/product/").append(product).append("\">product ")
                    .append(product).append("</a></li>");
        }
        html.append("</ul>").append(extra);
        if (page < 3) {
            html.append("<ul class=\"pager\"><li class=\"next\"><a href=\"/list/").append(page + 1)
                    .append("\">next</a></li></ul>");
        }
        return html.append("</body></html>").toString();
    }

    private static void product(HttpExchange exchange, int product) throws IOException {
        String html = "<html><head><title>" + product + "</title></head><body><h1>" + NAMES.get(product) + "</h1>"
                + "<img class=\"photo\" src=\"/img/" + product + ".png\">"
                + "<p class=\"price\">$" + PRICES.get(product) + "</p>"
                + "<span class=\"tag\">kitchen</span><span class=\"tag\">p" + product + "</span>"
                + "<a href=\"/list/2\">back</a></body></html>";
        send(exchange, 200, "text/html; charset=utf-8", html);
    }

    /** Three MiB, chunked, so that only reading it shows how large it is. */
    private static void huge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/html");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = ("<p class=\"price\">1.00</p>" + "x".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("<html><body><h1>Huge</h1>".getBytes(StandardCharsets.UTF_8));
            for (int written = 0; written < 3 * 1024 * 1024; written += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // The crawler hung up once it had read enough: as it should.
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        sendBytes(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
