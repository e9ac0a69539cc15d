package dev.crawlyard.api.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A spider's state through the SDK, the config file and the API: saved only by a run that
 * succeeds, read by the next run, set and reset through the API.
 */
class SpiderStateApiTest extends ApiTestBase {

    /** Prints the state it was given as an item, then saves the next one; fails after saving if asked. */
    private static final String COUNTER = """
            import json, os, sys
            import crawlyard
            with open(os.environ["CRAWLYARD_CONFIG"]) as f:
                raw = json.load(f).get("state")
            seen = crawlyard.state()
            crawlyard.save_item({"raw": raw, "n": seen.get("n")})
            crawlyard.save_state({"n": (seen.get("n") or 0) + 1, "by": "run"})
            crawlyard.save_state({"n": (seen.get("n") or 0) + 1, "last": True})
            if crawlyard.params().get("fail"):
                sys.exit(3)
            """;

    @Test
    void onlyARunThatSucceedsSavesItsLastStateAndTheNextRunReadsIt() throws Exception {
        long spider = spider("python3 counter.py", Map.of("counter.py", COUNTER));
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").isNull()).isTrue();

        JsonNode first = ended(run(spider));
        assertThat(first.get("status").asString()).isEqualTo("finished");
        assertThat(item(first).get("raw").isNull()).isTrue();
        JsonNode saved = api.get("/api/spiders/" + spider + "/state").body();
        assertThat(saved.get("state").toString()).isEqualTo("{\"n\":1,\"last\":true}");
        assertThat(saved.get("taskId").asLong()).isEqualTo(first.get("id").asLong());

        JsonNode second = ended(run(spider));
        assertThat(item(second).get("n").asInt()).isEqualTo(1);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("n").asInt()).isEqualTo(2);

        JsonNode failed = ended(runWith(spider, Map.of("fail", "yes")));
        assertThat(failed.get("status").asString()).isEqualTo("error");
        assertThat(item(failed).get("n").asInt()).isEqualTo(2);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("n").asInt())
                .as("a failed run leaves the state as it was").isEqualTo(2);
        assertThat(item(ended(run(spider))).get("n").asInt()).isEqualTo(2);
    }

    @Test
    void theStateIsSetAndResetThroughTheApiAndARunSeesEither() throws Exception {
        long spider = spider("python3 counter.py", Map.of("counter.py", COUNTER));

        ApiClient.Reply put = api.put("/api/spiders/" + spider + "/state", ApiClient.json(Map.of("state", Map.of("n", 41))));
        assertThat(put.status()).as(String.valueOf(put.body())).isEqualTo(200);
        assertThat(put.body().get("taskId").isNull()).isTrue();
        assertThat(item(ended(run(spider))).get("n").asInt()).isEqualTo(41);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("n").asInt()).isEqualTo(42);

        assertThat(api.delete("/api/spiders/" + spider + "/state").status()).isEqualTo(204);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").isNull()).isTrue();
        assertThat(item(ended(run(spider))).get("raw").isNull()).isTrue();
    }

    @Test
    void aStateThatIsNoObjectOrTooLargeIsA400AndChangesNothingAndAViewerOnlyReadsIt() {
        long spider = spider("true", Map.of());
        api.put("/api/spiders/" + spider + "/state", ApiClient.json(Map.of("state", Map.of("cursor", "c1"))));

        for (Object bad : List.of(List.of(1, 2), "text", Map.of("blob", "x".repeat(70_000)))) {
            ApiClient.Reply reply = api.put("/api/spiders/" + spider + "/state", ApiClient.json(Map.of("state", bad)));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("state");
        }
        assertThat(api.put("/api/spiders/" + spider + "/state", "{}").status()).isEqualTo(400);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("cursor").asString())
                .isEqualTo("c1");
        assertThat(api.get("/api/spiders/no-such-spider/state").status()).isEqualTo(404);

        ApiClient viewer = api.withToken(tokens.create("viewer-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret());
        assertThat(viewer.get("/api/spiders/" + spider + "/state").status()).isEqualTo(200);
        assertThat(viewer.delete("/api/spiders/" + spider + "/state").status()).isEqualTo(403);
        assertThat(viewer.put("/api/spiders/" + spider + "/state", ApiClient.json(Map.of("state", Map.of()))).status())
                .isEqualTo(403);
        assertThat(api.get("/api/spiders/" + spider + "/state").body().get("state").get("cursor").asString())
                .isEqualTo("c1");
    }

    private long runWith(long spider, Map<String, String> params) {
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("params", params)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        return reply.body().get("id").asLong();
    }

    private JsonNode ended(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            JsonNode task = api.get("/api/tasks/" + taskId).body();
            if (!List.of("pending", "preparing", "running").contains(task.get("status").asString())) {
                return task;
            }
            assertThat(System.nanoTime()).as("task %d did not end: %s", taskId, task).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private JsonNode item(JsonNode task) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/items?format=json").body().get("items").forEach(items::add);
        assertThat(items).as("items of %s", task).hasSize(1);
        return items.get(0);
    }
}
