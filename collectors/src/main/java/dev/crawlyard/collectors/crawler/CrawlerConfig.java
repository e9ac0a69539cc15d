package dev.crawlyard.collectors.crawler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crawler spider's config, as its JSON Schema ({@link #SCHEMA_RESOURCE}) describes it, with the
 * schema's defaults filled in. Built from JSON the schema has accepted; what the schema cannot
 * check (selectors, regular expressions) {@link ConfigProblems} does.
 */
public record CrawlerConfig(
        List<String> startUrls,
        List<String> allowedDomains,
        List<LinkRule> follow,
        List<LinkRule> skip,
        List<PageRule> itemPages,
        Map<String, Field> fields,
        int maxPages,
        Integer maxDepth,
        int concurrency,
        double rate,
        int burst,
        Duration hostDelay,
        boolean obeyRobots,
        String userAgent,
        Map<String, String> headers,
        Map<String, String> cookies,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxResponseBytes,
        int retries,
        Duration retryBackoff,
        Duration maxRetryAfter,
        boolean followRedirects,
        int maxRedirects) {

    /** The class path resource holding the config's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/crawlyard/collectors/crawler/crawler.schema.json";

    /** The agent the crawler names itself when the config names none. */
    public static final String DEFAULT_USER_AGENT = "Crawlyard/0.1 (+https://github.com/crawlyard)";

    /** The links followed when the config gives no follow rule: every link. */
    static final LinkRule EVERY_LINK = new LinkRule("a[href]", null);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Which links a rule picks.
     *
     * @param selector a CSS selector for the elements whose href or src is the link, or null for every link
     * @param pattern  a regular expression the absolute link must contain a match of, or null
     */
    public record LinkRule(String selector, String pattern) {
    }

    /**
     * Which pages a rule marks as item pages.
     *
     * @param pattern  a regular expression the page's URL must contain a match of, or null
     * @param selector a CSS selector that must match something on the page, or null
     */
    public record PageRule(String pattern, String selector) {
    }

    /**
     * One field of the items.
     *
     * @param selector  a CSS selector for the elements holding the value
     * @param attribute the attribute to take, or null for the element's text
     * @param regex     a regular expression whose first group (or whole match) is kept, or null
     * @param required  a page where the field has no value gives no item
     * @param list      every matching element's value, instead of the first
     */
    public record Field(String selector, String attribute, String regex, boolean required, boolean list) {
    }

    /** The schema's text. */
    public static String schema() {
        try (InputStream in = CrawlerConfig.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the crawler schema " + SCHEMA_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CrawlerConfig parse(String json) {
        return of(JSON.readTree(json));
    }

    /** The config in {@code node}, which the schema has accepted, with its defaults. */
    public static CrawlerConfig of(JsonNode node) {
        List<String> startUrls = strings(node.path("startUrls"));
        List<String> domains = node.has("allowedDomains") ? strings(node.path("allowedDomains")).stream()
                .map(d -> d.toLowerCase(Locale.ROOT)).toList() : hostsOf(startUrls);
        List<LinkRule> follow = node.has("follow") ? linkRules(node.path("follow")) : List.of(EVERY_LINK);
        List<LinkRule> skip = linkRules(node.path("skip"));
        List<PageRule> itemPages = new ArrayList<>();
        node.path("itemPages").forEach(rule -> itemPages.add(new PageRule(text(rule, "pattern"), text(rule, "selector"))));
        Map<String, Field> fields = new LinkedHashMap<>();
        node.path("fields").properties().forEach(entry -> {
            JsonNode field = entry.getValue();
            fields.put(entry.getKey(), new Field(text(field, "selector"), text(field, "attribute"),
                    text(field, "regex"), field.path("required").asBoolean(false), field.path("list").asBoolean(false)));
        });
        double rate = node.path("rate").asDouble(0);
        int burst = node.has("burst") ? node.path("burst").asInt() : (int) Math.max(1, Math.ceil(rate));
        return new CrawlerConfig(startUrls, domains, follow, skip, itemPages, fields,
                node.path("maxPages").asInt(1000),
                node.has("maxDepth") ? node.path("maxDepth").asInt() : null,
                node.path("concurrency").asInt(8),
                rate,
                burst,
                Duration.ofMillis(node.path("hostDelayMillis").asLong(0)),
                node.path("obeyRobots").asBoolean(true),
                node.has("userAgent") ? node.path("userAgent").asString() : DEFAULT_USER_AGENT,
                stringMap(node.path("headers")),
                stringMap(node.path("cookies")),
                Duration.ofSeconds(node.path("connectTimeoutSeconds").asLong(10)),
                Duration.ofSeconds(node.path("requestTimeoutSeconds").asLong(30)),
                node.path("maxResponseBytes").asLong(10L * 1024 * 1024),
                node.path("retries").asInt(3),
                Duration.ofMillis(node.path("retryBackoffMillis").asLong(1000)),
                Duration.ofSeconds(node.path("maxRetryAfterSeconds").asLong(120)),
                node.path("followRedirects").asBoolean(true),
                node.path("maxRedirects").asInt(5));
    }

    /** The agent name robots.txt groups are matched against: the User-Agent's first word. */
    public String robotsAgent() {
        String agent = userAgent.trim();
        int end = 0;
        while (end < agent.length() && agent.charAt(end) != '/' && !Character.isWhitespace(agent.charAt(end))) {
            end++;
        }
        return end == 0 ? agent : agent.substring(0, end);
    }

    /** Whether the crawl may fetch from {@code host}: it is an allowed domain or under one. */
    public boolean allowsHost(String host) {
        if (host == null) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        for (String domain : allowedDomains) {
            if (lower.equals(domain) || lower.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hostsOf(List<String> urls) {
        List<String> hosts = new ArrayList<>();
        for (String url : urls) {
            try {
                String host = URI.create(url.trim()).getHost();
                if (host != null && !hosts.contains(host.toLowerCase(Locale.ROOT))) {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                // Reported by ConfigProblems; a config with such a URL is never run.
            }
        }
        return List.copyOf(hosts);
    }

    private static List<LinkRule> linkRules(JsonNode rules) {
        List<LinkRule> list = new ArrayList<>();
        rules.forEach(rule -> list.add(new LinkRule(text(rule, "selector"), text(rule, "pattern"))));
        return List.copyOf(list);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(value -> list.add(value.asString().trim()));
        return List.copyOf(list);
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asString()));
        return map;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
