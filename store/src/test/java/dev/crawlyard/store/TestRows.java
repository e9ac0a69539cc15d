package dev.crawlyard.store;

import dev.crawlyard.store.spiders.NewSpider;
import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Builders for the rows tests need, each with a unique name so that tests never collide. */
public final class TestRows {

    private final SpiderStore spiders;
    private final TaskStore tasks;

    public TestRows(TestDatabase database) {
        this(database.jdbcClient());
    }

    public TestRows(JdbcClient jdbc) {
        this.spiders = new SpiderStore(jdbc);
        this.tasks = new TaskStore(jdbc);
    }

    public Spider spider(String command) {
        return spider(command, Map.of());
    }

    public Spider spider(String command, Map<String, String> files) {
        return spider(command, files, null);
    }

    public Spider spider(String command, Map<String, String> files, RunSettings settings) {
        return spiders.create(new NewSpider("spider-" + UUID.randomUUID(), "", command, files, Map.of(), settings));
    }

    /** The spider as it is stored now (its current version may have changed). */
    public Spider reload(Spider spider) {
        return spiders.find(spider.id()).orElseThrow();
    }

    /** A task of the spider's current version. */
    public Task pendingTask(Spider spider) {
        return pendingTask(spider, spider.currentVersion());
    }

    /** A task of this version of the spider's files. */
    public Task pendingTask(Spider spider, Integer version) {
        return tasks.create(new NewTask(spider.id(), spider.command(), Map.of(), Map.of(), Duration.ZERO, 0, 1,
                null, null, false, null, version));
    }
}
