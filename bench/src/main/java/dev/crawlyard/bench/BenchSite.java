package dev.crawlyard.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crawl benchmark's site on 127.0.0.1: a home page, {@code lists} listing pages in a chain and
 * 100 item pages under each, every page rendered once into memory so that serving one is a write
 * of bytes. It counts requests and notes the first and last, for pages per second as the server saw them.
 */
final class BenchSite implements AutoCloseable {

    static final int PER_LIST = 100;

    private final HttpServer server;
    private final int lists;
    private final byte[][] listPages;
    private final byte[][] itemPages;
    private final byte[] home;
    private final AtomicLong requests = new AtomicLong();
    private volatile long first;
    private volatile long last;
    /** When each item page was asked for, for a rate once the frontier holds more than it lets through. */
    private final java.util.Queue<Long> itemRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Every request since the last reset, to name the ones on each side of the longest gap. */
    private final java.util.Queue<Request> trail = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private record Request(long nanos, String path, int port) {
    }

    BenchSite(int lists) throws IOException {
        this.lists = lists;
        listPages = new byte[lists + 1][];
        itemPages = new byte[lists * PER_LIST + 1][];
        home = ("<html><head><title>Bench shop</title></head><body><a href=\"/list/1\">catalogue</a></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        for (int list = 1; list <= lists; list++) {
            StringBuilder html = new StringBuilder("<html><head><title>List ").append(list)
                    .append("</title></head><body><ul>");
            for (int i = 1; i <= PER_LIST; i++) {
                int item = (list - 1) * PER_LIST + i;
                html.append("<li><a class=\"item\" href=\"/item/").append(item).append("\">Item ").append(item)
                        .append("</a></li>");
            }
            html.append("</ul>");
            if (list < lists) {
                html.append("<a class=\"next\" href=\"/list/").append(list + 1).append("\">next</a>");
            }
            listPages[list] = html.append("<a href=\"/\">home</a></body></html>").toString()
                    .getBytes(StandardCharsets.UTF_8);
        }
        for (int item = 1; item <= lists * PER_LIST; item++) {
            int list = (item - 1) / PER_LIST + 1;
            StringBuilder html = new StringBuilder("<html><head><title>Item ").append(item)
                    .append("</title></head><body><div class=\"product\"><h1>Item ").append(item).append("</h1>")
                    .append("<p class=\"price\">$").append(item % 500).append(".99</p>")
                    .append("<p class=\"description\">").append("A fine thing, useful in any kitchen. ".repeat(20))
                    .append("</p><ul class=\"tags\"><li class=\"tag\">t").append(item % 7).append("</li>")
                    .append("<li class=\"tag\">t").append(item % 13).append("</li></ul></div>")
                    .append("<a href=\"/list/").append(list).append("\">back to list ").append(list).append("</a>");
            if (item < lists * PER_LIST) {
                html.append("<a href=\"/item/").append(item + 1).append("\">next item</a>");
            }
            itemPages[item] = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    int pages() {
        return 1 + lists + lists * PER_LIST;
    }

    int items() {
        return lists * PER_LIST;
    }

    void reset() {
        itemRequests.clear();
        trail.clear();
        requests.set(0);
        first = 0;
        last = 0;
    }

    long requests() {
        return requests.get();
    }

    /** Pages a second between the first and the last request the site was sent. */
    double pagesPerSecond() {
        long n = requests.get();
        return n < 2 || last <= first ? Double.NaN : (n - 1) / ((last - first) / 1e9);
    }

    /** Item pages a second between the first item page asked for and the last. */
    double itemPagesPerSecond() {
        java.util.List<Long> times = itemRequests.stream().sorted().toList();
        return times.size() < 2 ? Double.NaN : (times.size() - 1) / ((times.getLast() - times.getFirst()) / 1e9);
    }

    /** The gaps between successive item page requests, in millis: median and largest. */
    String itemGaps() {
        java.util.List<Long> times = itemRequests.stream().sorted().toList();
        if (times.size() < 2) {
            return "no gaps";
        }
        java.util.List<Double> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / 1e6);
        }
        Stats stats = Stats.of(gaps);
        int widest = gaps.indexOf(gaps.stream().max(Double::compare).orElseThrow());
        return String.format(java.util.Locale.ROOT, "gaps median %.0f ms, p95 %.0f ms, max %.0f ms (%s)", stats.p50(),
                stats.p95(), stats.max(), around(times.get(widest), times.get(widest + 1)));
    }

    /** The requests the site saw from just before {@code from} to {@code to}, in millis from the first. */
    private String around(long from, long to) {
        long start = trail.stream().mapToLong(Request::nanos).min().orElse(from);
        return trail.stream().filter(r -> r.nanos() >= from - 300_000_000L && r.nanos() <= to)
                .sorted(java.util.Comparator.comparingLong(Request::nanos))
                .map(r -> String.format(java.util.Locale.ROOT, "%d ms %s :%d", (r.nanos() - start) / 1_000_000,
                        r.path(), r.port()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        trail.add(new Request(now, exchange.getRequestURI().getPath(), exchange.getRemoteAddress().getPort()));
        if (requests.getAndIncrement() == 0) {
            first = now;
        }
        last = now;
        String path = exchange.getRequestURI().getPath();
        byte[] body = null;
        if (path.equals("/")) {
            body = home;
        } else if (path.startsWith("/list/")) {
            body = page(listPages, path.substring(6));
        } else if (path.startsWith("/item/")) {
            itemRequests.add(now);
            body = page(itemPages, path.substring(6));
        }
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            if (body == null) {
                body = "not found".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] page(byte[][] pages, String number) {
        try {
            int n = Integer.parseInt(number);
            return n >= 1 && n < pages.length ? pages[n] : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
