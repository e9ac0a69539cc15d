package dev.crawlyard.activities.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small site laid out like quotes.toscrape.com, served on 127.0.0.1 for crawling tests: three
 * pages of quotes linked by "Next" links, five quotes in all.
 */
final class LocalSite implements AutoCloseable {

    private static final String[][][] PAGES = {
        {{"The world as we have created it is a process of our thinking.", "Albert Einstein", "change", "thinking"},
         {"It is our choices, Harry, that show what we truly are.", "J.K. Rowling", "choices"}},
        {{"There are only two ways to live your life.", "Albert Einstein", "life"},
         {"The person, be it gentleman or lady, who has not pleasure in a good novel, must be intolerably stupid.",
          "Jane Austen", "books", "humor"}},
        {{"Imperfection is beauty, madness is genius.", "Marilyn Monroe", "be-yourself"}},
    };

    private final HttpServer server;

    LocalSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int page = path.equals("/") ? 1 : path.matches("/page/[0-9]+/") ? Integer.parseInt(path.split("/")[2]) : 0;
            byte[] body = (page >= 1 && page <= PAGES.length ? page(page) : "not found").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page >= 1 && page <= PAGES.length ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    static int quotes() {
        int count = 0;
        for (String[][] page : PAGES) {
            count += page.length;
        }
        return count;
    }

    private static String page(int number) {
        StringBuilder html = new StringBuilder("<html><head><title>Quotes page " + number + "</title></head><body>");
        for (String[] quote : PAGES[number - 1]) {
            html.append("<div class=\"quote\"><span class=\"text\">").append(quote[0])
                    .append("</span><span>by <small class=\"author\">").append(quote[1]).append("</small></span>")
                    .append("<div class=\"tags\">");
            for (int i = 2; i < quote.length; i++) {
                html.append("<a class=\"tag\" href=\"/tag/").append(quote[i]).append("/\">").append(quote[i]).append("</a>");
            }
            html.append("</div></div>");
        }
        if (number < PAGES.length) {
            html.append("<nav><ul class=\"pager\"><li class=\"next\"><a href=\"/page/").append(number + 1)
                    .append("/\">next</a></li></ul></nav>");
        }
        return html.append("</body></html>").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
