package dev.crawlyard.store.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V5 turns the inline files of spiders registered before versions into their version 1, on a
 * database of its own migrated to V3 first, as a platform upgraded from that version would be.
 */
class InlineFilesMigrationTest {

    @Test
    void inlineFilesOfExistingSpidersBecomeTheirCurrentVersionOne() {
        String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient admin = TestDatabase.shared().jdbcClient();
        admin.sql("CREATE DATABASE " + name).update();
        try {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL("jdbc:postgresql://127.0.0.1:" + TestDatabase.shared().port() + "/" + name);
            dataSource.setUser("postgres");
            Flyway.configure().dataSource(dataSource).target("3").load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            jdbc.sql("""
                    INSERT INTO spiders (name, command, files) VALUES
                        ('with-files', 'python3 main.py', '{"main.py": "print(\\"héllo\\")\\n", "lib/same.txt": "x", "same.txt": "x"}'),
                        ('without-files', 'true', '{}')""").update();

            Flyway.configure().dataSource(dataSource).load().migrate();

            SpiderStore spiders = new SpiderStore(jdbc);
            Spider with = spiders.findByName("with-files").orElseThrow();
            assertThat(with.currentVersion()).isEqualTo(1);
            assertThat(with.files().keySet()).containsExactly("lib/same.txt", "main.py", "same.txt");
            byte[] main = "print(\"héllo\")\n".getBytes(StandardCharsets.UTF_8);
            assertThat(with.files().get("main.py")).isEqualTo(new ManifestEntry(Sha256.of(main), main.length));
            assertThat(new SpiderVersionStore(jdbc).body(Sha256.of(main))).hasValueSatisfying(
                    body -> assertThat(body).isEqualTo(main));
            assertThat(jdbc.sql("SELECT count(*) FROM blobs").query(Long.class).single()).isEqualTo(2);
            assertThat(spiders.findByName("without-files").orElseThrow().currentVersion()).isNull();
        } finally {
            admin.sql("DROP DATABASE " + name + " WITH (FORCE)").update();
        }
    }
}
