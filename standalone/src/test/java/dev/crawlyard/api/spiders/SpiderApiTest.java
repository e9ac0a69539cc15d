package dev.crawlyard.api.spiders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpiderApiTest extends ApiTestBase {

    @Test
    void aSpiderIsCreatedAndFoundByIdAndByName() {
        String name = "news-" + UUID.randomUUID();
        ApiClient.Reply created = api.post("/api/spiders", ApiClient.json(Map.of("name", name,
                "command", "python3 main.py", "files", Map.of("main.py", "print('hi')\n", "lib/util.py", ""),
                "env", Map.of("LANG", "C.UTF-8"))));

        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        ApiClient.Reply byId = api.get("/api/spiders/" + id);
        ApiClient.Reply byName = api.get("/api/spiders/" + name);
        assertThat(byId.body().get("name").asString()).isEqualTo(name);
        assertThat(byName.body().get("id").asLong()).isEqualTo(id);
        assertThat(byId.body().get("files").get(0).get("path").asString()).isEqualTo("lib/util.py");
        assertThat(byId.body().get("files").get(1).get("size").asLong()).isEqualTo(12);
        assertThat(byId.body().get("env").get("LANG").asString()).isEqualTo("C.UTF-8");
        // Inline files are the spider's first version.
        assertThat(byId.body().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(api.get("/api/spiders/" + id + "/versions").body().get("items").get(0).get("fileCount").asInt())
                .isEqualTo(2);
    }

    @Test
    void aMissingCommandIs400AndCreatesNothing() {
        long before = api.get("/api/spiders").body().get("total").asLong();

        ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(Map.of("name", "no-command")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("command");
        assertThat(reply.body().get("message").asString()).contains("shell command");
        assertThat(api.get("/api/spiders").body().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void filePathsThatLeaveTheSpiderAreRefusedAndNothingIsStored() {
        long before = api.get("/api/spiders").body().get("total").asLong();

        ApiClient.Reply parent = api.post("/api/spiders", ApiClient.json(Map.of("name", "evil-" + UUID.randomUUID(),
                "command", "true", "files", Map.of("../evil.sh", "rm -rf /"))));
        ApiClient.Reply absolute = api.post("/api/spiders", ApiClient.json(Map.of("name", "evil-" + UUID.randomUUID(),
                "command", "true", "files", Map.of("/etc/cron.d/evil", "x"))));

        assertThat(parent.status()).isEqualTo(400);
        assertThat(parent.body().get("message").asString()).contains("..");
        assertThat(absolute.status()).isEqualTo(400);
        assertThat(absolute.body().get("message").asString()).contains("relative");
        assertThat(api.get("/api/spiders").body().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void aTakenNameIs409() {
        String name = "twice-" + UUID.randomUUID();
        api.post("/api/spiders", ApiClient.json(Map.of("name", name, "command", "true")));

        ApiClient.Reply again = api.post("/api/spiders", ApiClient.json(Map.of("name", name, "command", "false")));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("message").asString()).contains(name);
    }

    @Test
    void anUnknownSpiderIs404ForReadingAndRunning() {
        assertThat(api.get("/api/spiders/999999").status()).isEqualTo(404);
        ApiClient.Reply run = api.post("/api/spiders/no-such-spider/run", null);
        assertThat(run.status()).isEqualTo(404);
        assertThat(run.body().get("message").asString()).contains("no-such-spider");
    }

    @Test
    void malformedJsonAndBadPagingAre400() {
        assertThat(api.post("/api/spiders", "{\"name\":").status()).isEqualTo(400);
        assertThat(api.get("/api/spiders?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/spiders?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/spiders?page=x").status()).isEqualTo(400);
    }
}
