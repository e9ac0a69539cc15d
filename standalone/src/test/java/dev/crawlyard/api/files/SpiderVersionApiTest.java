package dev.crawlyard.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiClient.Part;
import dev.crawlyard.api.ApiClient.Reply;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.files.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Versions of a spider's files over real HTTP: uploads as multipart files or a zip, runs of a
 * given version, listing and download, and every way an upload is refused without storing
 * anything. The test platform's limits are 2 MB a version, 256 KB a file and 50 files.
 */
class SpiderVersionApiTest extends ApiTestBase {

    private static final String MAIN = """
            import os
            print(open("data/msg.txt").read().strip(), os.path.exists("extra.txt"))
            """;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void uploadedVersionsRunWithTheirOwnFilesAndASecondRunTransfersNothing() throws Exception {
        long spider = spider("python3 main.py", Map.of());
        String unique = UUID.randomUUID().toString();

        Reply v1 = api.postMultipart(versions(spider), List.of(Part.file("main.py", MAIN),
                Part.file("data/msg.txt", "one " + unique)));
        Reply v2 = api.postMultipart(versions(spider), List.of(Part.file("main.py", MAIN),
                Part.file("data/msg.txt", "two " + unique), Part.file("extra.txt", "")));

        assertThat(v1.status()).as(String.valueOf(v1.body())).isEqualTo(201);
        assertThat(v1.body().get("version").asInt()).isEqualTo(1);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);
        assertThat(v2.body().get("fileCount").asInt()).isEqualTo(3);
        JsonNode listed = api.get(versions(spider)).body();
        assertThat(listed.get("total").asLong()).isEqualTo(2);
        assertThat(listed.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(listed.get("items").get(0).get("current").asBoolean()).isTrue();
        assertThat(listed.get("items").get(1).get("current").asBoolean()).isFalse();

        JsonNode first = runToEnd(spider, 1);
        JsonNode current = runToEnd(spider, null);
        JsonNode firstAgain = runToEnd(spider, 1);

        assertThat(log(first)).containsExactly("one " + unique + " False");
        assertThat(first.get("spiderVersion").asInt()).isEqualTo(1);
        assertThat(first.get("sync").get("filesTransferred").asInt()).isEqualTo(2);
        assertThat(log(current)).containsExactly("two " + unique + " True");
        assertThat(current.get("spiderVersion").asInt()).isEqualTo(2);
        // main.py is shared with version 1 and already on the node.
        assertThat(current.get("sync").get("filesTransferred").asInt()).isEqualTo(2);
        assertThat(log(firstAgain)).containsExactly("one " + unique + " False");
        assertThat(firstAgain.get("sync").get("bytesTransferred").asLong()).isZero();
        assertThat(firstAgain.get("sync").get("files").asInt()).isEqualTo(2);

        Reply madeCurrent = api.put("/api/spiders/" + spider + "/current-version", "{\"version\": 1}");
        assertThat(madeCurrent.status()).isEqualTo(200);
        assertThat(api.get("/api/spiders/" + spider).body().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(log(runToEnd(spider, null))).containsExactly("one " + unique + " False");
    }

    @Test
    void aZipUploadBecomesAVersionWhoseFilesAreListedAndDownloaded() {
        long spider = spider("true", Map.of());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("main.py", "print('hi')\n");
        files.put("lib/", "");
        files.put("lib/util.py", "def util():\n    return 42\n");

        Reply created = api.postBytes(versions(spider), "application/zip", Zips.of(files));
        Reply asPart = api.postMultipart(versions(spider), List.of(new Part("zip", "spider.zip", Zips.of(files))));

        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().get("fileCount").asInt()).isEqualTo(2);
        assertThat(asPart.status()).isEqualTo(201);
        assertThat(asPart.body().get("version").asInt()).isEqualTo(2);
        JsonNode manifest = api.get(versions(spider) + "/1/files").body();
        assertThat(manifest).hasSize(2);
        assertThat(manifest.get(0).get("path").asString()).isEqualTo("lib/util.py");
        assertThat(manifest.get(0).get("size").asLong()).isEqualTo(26);
        assertThat(manifest.get(0).get("sha256").asString())
                .isEqualTo(Sha256.of("def util():\n    return 42\n".getBytes(StandardCharsets.UTF_8)));
        ApiClient.BytesReply download = api.getBytes(versions(spider) + "/1/files/lib/util.py");
        assertThat(download.status()).isEqualTo(200);
        assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("def util():\n    return 42\n");
        assertThat(download.contentDisposition()).contains("util.py");
        assertThat(api.get(versions(spider) + "/1/files/lib/missing.py").status()).isEqualTo(404);
        assertThat(api.get(versions(spider) + "/7/files").status()).isEqualTo(404);
        assertThat(api.getText(versions(spider) + "/1/files/lib%5c..%5cmain.py").status()).isEqualTo(400);
        assertThat(api.getText(versions(spider) + "/1/files/lib/%2e%2e/%2e%2e/%2e%2e/etc/passwd").body())
                .doesNotContain("root:");
    }

    @Test
    void zipsWithParentPathsAbsolutePathsSymlinksOrDevicesAreRefusedAndStoreNothing() {
        long spider = spider("true", Map.of());
        String good = "a good file " + UUID.randomUUID();

        Reply parent = api.postBytes(versions(spider), "application/zip",
                Zips.of(Map.of("good.txt", good, "../evil.sh", "rm -rf ~")));
        Reply nested = api.postBytes(versions(spider), "application/zip",
                Zips.of(Map.of("good.txt", good, "lib/../../evil.sh", "rm -rf ~")));
        Reply absolute = api.postBytes(versions(spider), "application/zip",
                Zips.of(Map.of("good.txt", good, "/etc/cron.d/evil", "* * * * * root rm -rf /")));
        Reply symlink = api.postBytes(versions(spider), "application/zip",
                Zips.symlink("good.txt", good, "passwords", "/etc/shadow"));
        Reply device = api.postBytes(versions(spider), "application/zip",
                Zips.withSpecialEntry("good.txt", good, "dev-null", Zips.CHARACTER_DEVICE, ""));
        Reply part = api.postMultipart(versions(spider), List.of(Part.file("good.txt", good),
                Part.file("../evil.py", "import os")));
        Reply notAZip = api.postBytes(versions(spider), "application/zip", "just text".getBytes(StandardCharsets.UTF_8));

        assertRefused(parent, 400, "must not contain '..'");
        assertRefused(nested, 400, "must not contain '..'");
        assertRefused(absolute, 400, "must be relative");
        assertRefused(symlink, 400, "symbolic link");
        assertRefused(device, 400, "device");
        assertRefused(part, 400, "must not contain '..'");
        assertRefused(notAZip, 400, "not a readable zip archive");
        assertThat(api.get(versions(spider)).body().get("total").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM blobs WHERE sha256 = ?", Long.class,
                Sha256.of(good.getBytes(StandardCharsets.UTF_8)))).isZero();
    }

    @Test
    void uploadsOverTheLimitsAre413AndNameTheLimit() {
        long spider = spider("true", Map.of());
        String big = "x".repeat(300 * 1024);
        List<Part> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Part.file("page-" + i + ".txt", "page " + i));
        }
        List<Part> tooMuch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            tooMuch.add(Part.file("chunk-" + i + ".txt", UUID.randomUUID() + "y".repeat(240 * 1024)));
        }

        assertRefused(api.postMultipart(versions(spider), List.of(Part.file("big.txt", big))), 413,
                "the file big.txt is larger than 262144 bytes, the most one file may hold (crawlyard.files.max-file-size)");
        assertRefused(api.postMultipart(versions(spider), tooMuch), 413,
                "the files are larger than 2097152 bytes in all, the most a version may hold (crawlyard.files.max-total-size)");
        assertRefused(api.postMultipart(versions(spider), tooMany), 413,
                "a version may hold at most 50 files (crawlyard.files.max-files)");
        // Far over the limits, the servlet container stops reading first; the answer is the same kind.
        assertRefused(api.postMultipart(versions(spider), List.of(Part.file("huge.txt", "z".repeat(2500 * 1024)))),
                413, "the upload is over the limits");
        // A zip bomb in miniature: 2 MB of zeros deflate to about 2 KB, and the ratio cap (100 times)
        // stops it at about 200 KB, before the limits on a file's size (256 KB) or a version's.
        byte[] bomb = Zips.zeros("zeros.bin", 2 * 1024 * 1024);
        assertThat(bomb.length).isLessThan(2500);
        assertRefused(api.postBytes(versions(spider), "application/zip", bomb), 413, "crawlyard.files.max-zip-ratio");
        byte[] hugeArchive = new byte[2200 * 1024];
        assertRefused(api.postBytes(versions(spider), "application/zip", hugeArchive), 413,
                "crawlyard.files.max-total-size");
        assertThat(api.get(versions(spider)).body().get("total").asLong()).isZero();
    }

    @Test
    void aZipPartLargerThanSpringsOwnDefaultPartLimitIsAcceptedUpToOurs() {
        long spider = spider("true", Map.of());
        Map<String, String> files = new LinkedHashMap<>();
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 8; i++) {
            // Random letters compress little, so the archive is about as large as its files.
            StringBuilder text = new StringBuilder();
            while (text.length() < 190 * 1024) {
                text.append((char) ('!' + random.nextInt(90)));
            }
            files.put("data/part-" + i + ".txt", text.toString());
        }
        byte[] zip = Zips.of(files);
        assertThat(zip.length).isGreaterThan(1024 * 1024);

        Reply created = api.postMultipart(versions(spider), List.of(new Part("zip", "big.zip", zip)));

        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().get("fileCount").asInt()).isEqualTo(8);
    }

    @Test
    void aVersionThatDoesNotExistCannotBeRunOrMadeCurrent() {
        long spider = spider("true", Map.of("main.py", "print('v1')\n"));

        Reply run = api.post("/api/spiders/" + spider + "/run", "{\"version\": 3}");
        Reply current = api.put("/api/spiders/" + spider + "/current-version", "{\"version\": 3}");
        Reply missing = api.put("/api/spiders/" + spider + "/current-version", "{}");

        assertRefused(run, 400, "has no version 3");
        assertThat(run.body().get("fieldErrors").get(0).get("field").asString()).isEqualTo("version");
        assertRefused(current, 400, "has no version 3");
        assertRefused(missing, 400, "version");
        assertThat(api.get("/api/spiders/" + spider).body().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(api.get("/api/spiders/no-such-spider/versions").status()).isEqualTo(404);
    }

    private static String versions(long spider) {
        return "/api/spiders/" + spider + "/versions";
    }

    private JsonNode runToEnd(long spider, Integer version) throws InterruptedException {
        Reply run = api.post("/api/spiders/" + spider + "/run", version == null ? null : "{\"version\": " + version + "}");
        assertThat(run.status()).as(String.valueOf(run.body())).isEqualTo(202);
        long task = run.body().get("id").asLong();
        JsonNode ended = awaitStatus(task, "finished");
        return ended;
    }

    private List<String> log(JsonNode task) {
        List<String> lines = new ArrayList<>();
        api.get("/api/tasks/" + task.get("id").asLong() + "/logs").body().get("lines")
                .forEach(line -> lines.add(line.get("line").asString()));
        return lines;
    }

    private static void assertRefused(Reply reply, int status, String message) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
        assertThat(reply.body().get("status").asInt()).isEqualTo(status);
        assertThat(reply.body().get("message").asString()).contains(message);
    }
}
