package dev.crawlyard.api.items;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ItemExportTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SPIDER = """
            import json
            items = [
                {"url": "http://a.test/1", "title": "plain", "price": 3},
                {"url": "http://a.test/2", "title": "comma, \\"quoted\\"\\nand a newline", "tags": ["x", "y"]},
                {"url": "http://a.test/3", "meta": {"depth": 2}, "price": None},
            ]
            for i in range(250):
                items.append({"url": f"http://a.test/bulk/{i}", "n": i})
            for item in items:
                print(json.dumps({"ipc": True, "type": "data", "payload": item}))
            """;

    @Test
    void allThreeFormatsMatchTheStoredItems() throws Exception {
        long spider = spider("python3 export.py", Map.of("export.py", SPIDER));
        long task = run(spider);
        JsonNode finished = awaitStatus(task, "finished");
        assertThat(finished.get("items").asLong()).isEqualTo(253);

        List<JsonNode> paged = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = api.get("/api/tasks/" + task + "/items?format=json&size=100&page=" + page).body();
            assertThat(body.get("total").asLong()).isEqualTo(253);
            body.get("items").forEach(paged::add);
            if (body.get("items").size() < 100) {
                break;
            }
        }
        assertThat(paged).hasSize(253);
        assertThat(paged.get(1).get("tags").get(1).asString()).isEqualTo("y");
        assertThat(paged.get(252).get("n").asInt()).isEqualTo(249);

        ApiClient.TextReply ndjson = api.getText("/api/tasks/" + task + "/items?format=ndjson");
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = ndjson.body().lines().map(JSON::readTree).toList();
        assertThat(lines).isEqualTo(paged);

        ApiClient.TextReply csv = api.getText("/api/tasks/" + task + "/items?format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.getFirst()).isEqualTo("meta,n,price,tags,title,url");
        assertThat(csv.body()).contains(",,3,,plain,http://a.test/1\r\n");
        assertThat(csv.body()).contains(",,,\"[\"\"x\"\",\"\"y\"\"]\",\"comma, \"\"quoted\"\"\nand a newline\",http://a.test/2\r\n");
        assertThat(csv.body()).contains("\"{\"\"depth\"\":2}\",,,,,http://a.test/3\r\n");
        assertThat(csv.body().split("\r\n")).hasSize(254);
    }

    @Test
    void aSpidersItemsSpanItsTasks() throws Exception {
        long spider = spider("python3 -c 'import json; print(json.dumps({\"ipc\": True, \"type\": \"data\", \"payload\": {\"k\": 1}}))'",
                Map.of());
        awaitStatus(run(spider), "finished");
        awaitStatus(run(spider), "finished");

        JsonNode all = api.get("/api/spiders/" + spider + "/items").body();

        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(api.getText("/api/spiders/" + spider + "/items?format=ndjson").body().lines()).hasSize(2);
    }

    @Test
    void anUnknownFormatIs400AndAnUnknownTaskIs404() {
        assertThat(api.get("/api/tasks/1/items?format=xml").status()).isIn(400, 404);
        long task = run(spider("true", Map.of()));
        ApiClient.Reply xml = api.get("/api/tasks/" + task + "/items?format=xml");
        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.body().get("message").asString()).contains("json, ndjson or csv");
        assertThat(api.get("/api/tasks/99999999/items").status()).isEqualTo(404);
        assertThat(api.get("/api/spiders/no-such/items").status()).isEqualTo(404);
    }
}
