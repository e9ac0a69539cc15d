package dev.crawlyard.store.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SpiderVersionStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final JdbcClient jdbc = database.jdbcClient();
    private final SpiderVersionStore versions = new SpiderVersionStore(jdbc);
    private final SpiderStore spiders = new SpiderStore(jdbc);
    private final TestRows rows = new TestRows(database);

    @Test
    void aSpiderCreatedWithFilesHasThemAsItsCurrentVersionOne() {
        Spider spider = rows.spider("true", Map.of("main.py", "print(1)\n", "lib/a.py", ""));

        assertThat(spider.currentVersion()).isEqualTo(1);
        assertThat(spider.files().keySet()).containsExactly("lib/a.py", "main.py");
        assertThat(spider.files().get("main.py").size()).isEqualTo(9);
        assertThat(versions.find(spider.id(), 1)).hasValueSatisfying(v -> assertThat(v.fileCount()).isEqualTo(2));
        assertThat(rows.spider("true", Map.of()).currentVersion()).isNull();
    }

    @Test
    void concurrentUploadsToOneSpiderGetDistinctNumbersAndEachBodyIsStoredOnce() throws Exception {
        Spider spider = rows.spider("true");
        String shared = "shared " + UUID.randomUUID();
        List<Future<SpiderVersion>> uploads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 8; i++) {
                String own = "own " + i + " " + UUID.randomUUID();
                uploads.add(pool.submit(() -> versions.create(spider.id(),
                        VersionFiles.of(Map.of("shared.txt", bytes(shared), "own.txt", bytes(own))), true)));
            }
        }
        List<Integer> numbers = new ArrayList<>();
        for (Future<SpiderVersion> upload : uploads) {
            numbers.add(upload.get().version());
        }

        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(jdbc.sql("SELECT count(*) FROM blobs WHERE sha256 = :hash")
                .param("hash", Sha256.of(bytes(shared))).query(Long.class).single()).isEqualTo(1);
        assertThat(spiders.find(spider.id()).orElseThrow().currentVersion()).isBetween(1, 8);
        assertThat(versions.list(spider.id(), 0, 3).items()).extracting(SpiderVersion::version).containsExactly(8, 7, 6);
    }

    @Test
    void onlyAnExistingVersionCanBeMadeCurrentAndAnUploadNeedNotBecomeCurrent() {
        Spider spider = rows.spider("true", Map.of("a.txt", "one"));
        SpiderVersion second = versions.create(spider.id(), VersionFiles.of(Map.of("a.txt", bytes("two"))), false);

        assertThat(second.version()).isEqualTo(2);
        assertThat(spiders.find(spider.id()).orElseThrow().currentVersion()).isEqualTo(1);
        assertThat(versions.setCurrent(spider.id(), 3)).isFalse();
        assertThat(versions.setCurrent(spider.id(), 2)).isTrue();
        Spider now = spiders.find(spider.id()).orElseThrow();
        assertThat(now.currentVersion()).isEqualTo(2);
        assertThat(versions.body(now.files().get("a.txt").sha256())).hasValueSatisfying(
                body -> assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("two"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
