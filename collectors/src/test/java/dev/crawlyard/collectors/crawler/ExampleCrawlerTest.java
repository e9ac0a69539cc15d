package dev.crawlyard.collectors.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The README's crawler example (examples/crawler-books) crawls the example site served as the README says. */
class ExampleCrawlerTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "crawler-books");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theExampleConfigCollectsEveryBookOfTheExampleSite() throws Exception {
        HttpServer server = SimpleFileServer.createFileServer(new InetSocketAddress("127.0.0.1", 0),
                EXAMPLE.resolve("site").toAbsolutePath(), SimpleFileServer.OutputLevel.NONE);
        server.start();
        try {
            JsonNode registration = JSON.readTree(Files.readString(EXAMPLE.resolve("spider.json")));
            ObjectNode config = (ObjectNode) registration.get("config");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            config.putArray("startUrls").add(url);
            CrawlerConfig crawler = CrawlerConfig.of(config);
            assertThat(ConfigProblems.of(crawler)).isEmpty();

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = new Crawler(crawler, new MemoryFrontier(crawler), new IpcOut(bytes), new StopSignal()).run();

            assertThat(code).isZero();
            List<JsonNode> books = new ArrayList<>();
            for (String line : bytes.toString(StandardCharsets.UTF_8).lines().toList()) {
                JsonNode message = JSON.readTree(line);
                if (message.get("type").asString().equals("data")) {
                    message.get("payload").forEach(books::add);
                }
            }
            assertThat(books).extracting(book -> book.get("title").asString()).containsExactlyInAnyOrder(
                    "A Light in the Attic", "Tipping the Velvet", "Soumission", "Sharp Objects",
                    "Sapiens: A Brief History of Humankind");
            JsonNode soumission = books.stream().filter(b -> b.get("title").asString().equals("Soumission"))
                    .findFirst().orElseThrow();
            assertThat(soumission.get("price").asString()).isEqualTo("50.10");
            assertThat(soumission.get("inStock").isNull()).isTrue();
            assertThat(soumission.get("cover").asString()).isEqualTo(url + "media/book-3.jpg");
            assertThat(soumission.get("url").asString()).isEqualTo(url + "catalogue/book-3.html");
            assertThat(soumission.get("tags").toString()).isEqualTo("[\"fiction\"]");
        } finally {
            server.stop(0);
        }
    }
}
