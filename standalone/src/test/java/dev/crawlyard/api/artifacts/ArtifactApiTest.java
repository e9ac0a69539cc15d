package dev.crawlyard.api.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A task's artifacts listed and downloaded through the real API, and the paths and roles it refuses. */
class ArtifactApiTest extends ApiTestBase {

    private static final String SPIDER = """
            out="$CRAWLYARD_OUTPUT_DIR"
            mkdir -p "$out/reports"
            printf 'a,b\\n1,2\\n' > "$out/reports/data.csv"
            printf 'caf\\303\\251' > "$out/résumé.txt"
            printf '<script>alert(document.cookie)</script>' > "$out/page.html"
            ln -s /etc/passwd "$out/passwd"
            """;

    @Test
    void aTasksArtifactsAreListedAndDownloadedWithTheirBytes() throws Exception {
        long task = finishedTaskWithArtifacts();

        JsonNode list = api.get("/api/tasks/" + task + "/artifacts").body();
        Map<String, JsonNode> byPath = new HashMap<>();
        list.get("artifacts").forEach(artifact -> byPath.put(artifact.get("path").asString(), artifact));
        assertThat(byPath).containsOnlyKeys("reports/data.csv", "résumé.txt", "page.html", "passwd");
        assertThat(byPath.get("reports/data.csv").get("size").asLong()).isEqualTo(8);
        assertThat(byPath.get("reports/data.csv").get("kept").asBoolean()).isTrue();
        assertThat(byPath.get("passwd").get("kept").asBoolean()).isFalse();
        assertThat(byPath.get("passwd").get("refused").asString()).contains("symbolic link");

        ApiClient.BytesReply csv = api.getBytes("/api/tasks/" + task + "/artifacts/reports/data.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
        assertThat(csv.contentDisposition()).startsWith("attachment").contains("data.csv");
        ApiClient.BytesReply accented = api.getBytes("/api/tasks/" + task + "/artifacts/r%C3%A9sum%C3%A9.txt");
        assertThat(accented.status()).isEqualTo(200);
        assertThat(new String(accented.body(), StandardCharsets.UTF_8)).isEqualTo("café");
        assertThat(accented.contentDisposition()).contains("filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
        // What a spider names .html is still an attachment of bytes, never a page on the API's origin.
        ApiClient.TextReply html = api.getText("/api/tasks/" + task + "/artifacts/page.html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).isEqualTo("application/octet-stream");
        assertThat(api.getText("/api/tasks/" + task + "/artifacts/page.html?attempt=1").status()).isEqualTo(200);
        assertThat(api.getText("/api/tasks/" + task + "/artifacts/page.html?attempt=2").status()).isEqualTo(404);
    }

    @Test
    void pathsOutsideTheRecordedOnesReachNothing() throws Exception {
        long task = finishedTaskWithArtifacts();
        String base = "/api/tasks/" + task + "/artifacts/";

        ApiClient.TextReply refusedLink = api.getText(base + "passwd");
        assertThat(refusedLink.status()).isEqualTo(404);
        assertThat(refusedLink.body()).contains("was not kept").doesNotContain("root:");
        assertThat(api.getText(base + "reports/../reports/data.csv").status()).isEqualTo(400);
        assertThat(api.getText(base + "reports/%2e%2e/%2e%2e/%2e%2e/etc/passwd").status()).isEqualTo(400);
        assertThat(api.getText(base + "reports%2fdata.csv").status()).isEqualTo(400);
        assertThat(api.getText(base + "reports%5cdata.csv").status()).isEqualTo(400);
        assertThat(api.getText(base + "/etc/passwd").status()).isEqualTo(400);
        assertThat(api.getText(base + "reports/missing.csv").status()).isEqualTo(404);
        assertThat(api.getText(base + "reports").status()).isEqualTo(404);
        assertThat(api.getText(base + "data.csv?attempt=0").status()).isEqualTo(400);
        assertThat(api.getText("/api/tasks/" + task + "/artifacts/").status()).isEqualTo(404);
        assertThat(api.getText("/api/tasks/987654321/artifacts").status()).isEqualTo(404);
        assertThat(api.getText("/api/tasks/987654321/artifacts/reports/data.csv").status()).isEqualTo(404);
    }

    @Test
    void artifactsAreReadWithTheRolesThatReadItems() throws Exception {
        long task = finishedTaskWithArtifacts();
        String path = "/api/tasks/" + task + "/artifacts/reports/data.csv";

        ApiClient viewer = api.withToken(tokens.create("viewer-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret());
        assertThat(viewer.getBytes(path).status()).isEqualTo(200);
        assertThat(viewer.get("/api/tasks/" + task + "/artifacts").status()).isEqualTo(200);
        assertThat(api.withToken("cy_not-a-token").getText(path).status()).isEqualTo(401);
        assertThat(api.withToken("cy_not-a-token").getText("/api/tasks/" + task + "/artifacts").status())
                .isEqualTo(401);
        // Only reads: there is nothing to write at these paths, for any role.
        assertThat(api.post("/api/tasks/" + task + "/artifacts", "{}").status()).isIn(404, 405);
        assertThat(viewer.post("/api/tasks/" + task + "/artifacts", "{}").status()).isEqualTo(403);
    }

    private long finishedTaskWithArtifacts() throws InterruptedException {
        long spider = spider("sh spider.sh", Map.of("spider.sh", SPIDER));
        long task = run(spider);
        awaitStatus(task, "finished");
        return task;
    }
}
