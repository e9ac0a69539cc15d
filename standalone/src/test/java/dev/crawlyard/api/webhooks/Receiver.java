package dev.crawlyard.api.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 that answers with the statuses it is given, in order (then 200), and
 * keeps every request it got.
 */
final class Receiver implements AutoCloseable {

    /** One request as received: the Standard Webhooks headers and the body. */
    record Received(String id, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final Deque<Integer> answers;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

    Receiver(List<Integer> statuses) throws IOException {
        this.answers = new ArrayDeque<>(statuses);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = exchange.getRequestHeaders();
            received.add(new Received(first(headers, "webhook-id"), first(headers, "webhook-timestamp"),
                    first(headers, "webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            Integer status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.poll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next request, waiting at most {@code wait}; fails if none comes. */
    Received next(Duration wait) throws InterruptedException {
        Received next = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no webhook request arrived within " + wait);
        }
        return next;
    }

    /** A request that may come within {@code wait}, or null. */
    Received maybeNext(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
