package dev.crawlyard.api.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/statistics}: windows, outcomes, items, errors, queues and running tasks, from real runs. */
class StatisticsApiTest extends ApiTestBase {

    private static final String SPIDER = """
            echo '{"ipc":true,"type":"data","payload":[{"n":1},{"n":2}]}'
            echo '{"ipc":true,"type":"error","payload":{"message":"page 3 failed","kind":"network"}}'
            echo '{"ipc":true,"type":"bogus"}'
            if [ "$FAIL" = yes ]; then exit 3; fi
            if [ "$HOLD" = yes ]; then exec sleep 600; fi
            """;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aSpidersWindowsCountItsEndedTasksByOutcomeWithTheirItemsAndErrorsAndItsLiveOnes() throws InterruptedException {
        long spider = spider("sh main.sh", Map.of("main.sh", SPIDER));
        long first = run(spider);
        long second = run(spider);
        long failed = runWith(spider, Map.of("FAIL", "yes"));
        awaitStatus(first, "finished");
        awaitStatus(second, "finished");
        awaitStatus(failed, "error");
        long live = runWith(spider, Map.of("HOLD", "yes"));
        awaitStatus(live, "running");
        // One of them ended two hours ago: in the day and all time, not in the hour.
        jdbc.sql("UPDATE tasks SET finished_at = now() - interval '2 hours' WHERE id = :id").param("id", second).update();
        long warnings = 0;
        for (long task : new long[] {first, second, failed}) {
            warnings += api.get("/api/tasks/" + task).body().get("warnings").asLong();
        }

        JsonNode stats = statistics("?spider=" + spider);

        JsonNode mine = stats.get("spiders").get(0);
        assertThat(mine.get("id").asLong()).isEqualTo(spider);
        assertThat(stats.get("totalSpiders").asLong()).isEqualTo(1);
        JsonNode hour = mine.get("windows").get("1h");
        assertThat(hour.get("tasks").asLong()).isEqualTo(2);
        assertThat(hour.get("outcomes").get("finished").asLong()).isEqualTo(1);
        assertThat(hour.get("outcomes").get("error").asLong()).isEqualTo(1);
        assertThat(hour.get("items").asLong()).isEqualTo(4);
        assertThat(hour.get("errors").asLong()).isEqualTo(2);
        assertThat(mine.get("windows").get("5m").get("tasks").asLong()).isEqualTo(2);
        for (String window : new String[] {"1d", "all"}) {
            JsonNode counts = mine.get("windows").get(window);
            assertThat(counts.get("tasks").asLong()).as(window).isEqualTo(3);
            assertThat(counts.get("outcomes").get("finished").asLong()).as(window).isEqualTo(2);
            assertThat(counts.get("items").asLong()).as(window).isEqualTo(6);
            assertThat(counts.get("errors").asLong()).as(window).isEqualTo(3);
            assertThat(counts.get("warnings").asLong()).as(window).isEqualTo(warnings);
        }
        assertThat(mine.get("live").get("running").asLong()).isEqualTo(1);
        assertThat(mine.get("lastTask").get("id").asLong()).isEqualTo(live);
        assertThat(stats.get("queues").get("running").asLong()).isEqualTo(1);
        assertThat(stats.get("queues").get("nodes").get(0).get("node").asString()).isEqualTo("in-process");
        assertThat(stats.get("running").get(0).get("id").asLong()).isEqualTo(live);
        assertThat(stats.get("lastDay")).hasSize(24);
        long charted = 0;
        for (JsonNode hourBucket : stats.get("lastDay")) {
            charted += hourBucket.get("tasks").asLong();
        }
        assertThat(charted).isEqualTo(3);
        api.post("/api/tasks/" + live + "/cancel", null);
        awaitStatus(live, "cancelled");
        assertThat(statistics("?spider=" + spider).get("spiders").get(0).get("windows").get("all").get("outcomes")
                .get("cancelled").asLong()).isEqualTo(1);
    }

    @Test
    void theOverallFiguresAddUpTheSpidersAndLoseADeletedSpidersTasks() throws InterruptedException {
        long spider = spider("sh main.sh", Map.of("main.sh", SPIDER));
        awaitStatus(run(spider), "finished");
        JsonNode before = statistics("").get("overall").get("all");

        assertThat(api.delete("/api/spiders/" + spider + "?data=delete").status()).isEqualTo(204);

        JsonNode after = statistics("").get("overall").get("all");
        assertThat(after.get("tasks").asLong()).isEqualTo(before.get("tasks").asLong() - 1);
        assertThat(after.get("items").asLong()).isEqualTo(before.get("items").asLong() - 2);
        long sum = 0;
        JsonNode all = statistics("?size=500");
        for (JsonNode one : all.get("spiders")) {
            sum += one.get("windows").get("all").get("tasks").asLong();
        }
        // Spiders deleted with their data kept still count in the overall figures; none here are.
        assertThat(sum).isLessThanOrEqualTo(all.get("overall").get("all").get("tasks").asLong());
    }

    @Test
    void badParametersAre400AnUnknownSpider404AndAViewerMayRead() {
        assertThat(api.get("/api/statistics?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/statistics?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/statistics?size=501").status()).isEqualTo(400);
        assertThat(api.get("/api/statistics?size=ten").status()).isEqualTo(400);
        ApiClient.Reply unknown = api.get("/api/statistics?spider=no-such-spider-" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("message").asString()).contains("no-such-spider");
        ApiClient viewer = api.withToken(tokens.create("stats-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret());
        assertThat(viewer.get("/api/statistics").status()).isEqualTo(200);
    }

    private long runWith(long spider, Map<String, String> env) {
        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run", ApiClient.json(Map.of("env", env)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        return reply.body().get("id").asLong();
    }

    private JsonNode statistics(String query) {
        ApiClient.Reply reply = api.get("/api/statistics" + query);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply.body();
    }
}
