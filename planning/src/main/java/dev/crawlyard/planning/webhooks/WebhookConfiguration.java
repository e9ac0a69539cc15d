package dev.crawlyard.planning.webhooks;

import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.webhooks.WebhookStore;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook events' publisher, for every process that makes events or redelivers them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

    @Bean
    WebhookEvents webhookEvents(WebhookStore store, SpiderStore spiders, WorkflowClient client,
            WebhookProperties properties) {
        return new WebhookEvents(store, spiders, client, properties);
    }
}
