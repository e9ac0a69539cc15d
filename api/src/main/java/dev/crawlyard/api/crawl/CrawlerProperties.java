package dev.crawlyard.api.crawl;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the crawl frontier the api serves to crawler tasks.
 *
 * @param leaseTimeout an attempt that has not called in for this long is taken for lost: what it
 *                     leased goes back to the queue for the crawl's other tasks
 * @param horizon      the furthest ahead a politeness slot is handed out; a page that would wait longer stays queued
 */
@ConfigurationProperties("crawlyard.crawler")
public record CrawlerProperties(@DefaultValue("30s") Duration leaseTimeout, @DefaultValue("5s") Duration horizon) {
}
