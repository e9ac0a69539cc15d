package dev.crawlyard.store.config;

import dev.crawlyard.store.crawl.FrontierStore;
import dev.crawlyard.store.crawl.PolitenessStore;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.statistics.StatisticsStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.store.tokens.TokenStore;
import dev.crawlyard.store.webhooks.WebhookStore;
import dev.crawlyard.store.schedules.ScheduleStore;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stores over the application's database. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean
    SpiderStore spiderStore(JdbcClient jdbc) {
        return new SpiderStore(jdbc);
    }

    @Bean
    SpiderVersionStore spiderVersionStore(JdbcClient jdbc) {
        return new SpiderVersionStore(jdbc);
    }

    @Bean
    ArtifactStore artifactStore(JdbcClient jdbc) {
        return new ArtifactStore(jdbc);
    }

    @Bean
    BlobStore blobStore(JdbcClient jdbc) {
        return new BlobStore(jdbc);
    }

    @Bean
    ScheduleStore scheduleStore(JdbcClient jdbc) {
        return new ScheduleStore(jdbc);
    }

    @Bean
    SpiderStateStore spiderStateStore(JdbcClient jdbc) {
        return new SpiderStateStore(jdbc);
    }

    @Bean
    StatisticsStore statisticsStore(JdbcClient jdbc) {
        return new StatisticsStore(jdbc);
    }

    @Bean
    TaskStore taskStore(JdbcClient jdbc) {
        return new TaskStore(jdbc);
    }

    @Bean
    AttemptStore attemptStore(JdbcClient jdbc) {
        return new AttemptStore(jdbc);
    }

    @Bean
    TaskEndings taskEndings(TaskStore tasks, AttemptStore attempts) {
        return new TaskEndings(tasks, attempts);
    }

    @Bean
    ItemStore itemStore(JdbcClient jdbc, JdbcTemplate template) {
        return new ItemStore(jdbc, template);
    }

    @Bean
    NodeStore nodeStore(JdbcClient jdbc) {
        return new NodeStore(jdbc);
    }

    @Bean
    TaskLogStore taskLogStore(JdbcClient jdbc, JdbcTemplate template) {
        return new TaskLogStore(jdbc, template);
    }

    @Bean
    TokenStore tokenStore(JdbcClient jdbc, JdbcTemplate template) {
        return new TokenStore(jdbc, template);
    }

    @Bean
    WebhookStore webhookStore(JdbcClient jdbc) {
        return new WebhookStore(jdbc);
    }

    @Bean
    FrontierStore frontierStore(JdbcClient jdbc, DataSource dataSource) {
        // Its own transaction manager over the one data source, so that every process that has the
        // stores has the frontier's transactions, whatever else its context configures.
        return new FrontierStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Bean
    PolitenessStore politenessStore(JdbcClient jdbc) {
        return new PolitenessStore(jdbc);
    }
}
