package dev.crawlyard.planning.metrics;

import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code spider} tag of a task's metrics: the spider's name when it is one of
 * {@code crawlyard.metrics.spiders}, {@code other} for every other spider. Spider names are the
 * users', and a tag per name would give Prometheus a series per spider ever made.
 */
public final class SpiderTags {

    public static final String OTHER = "other";

    private final Set<String> tagged;
    private final SpiderStore spiders;
    /** Only the tagged spiders' ids are kept, so this stays as small as the setting. */
    private final Map<Long, String> taggedIds = new ConcurrentHashMap<>();

    public SpiderTags(MetricsProperties properties, SpiderStore spiders) {
        this.tagged = Set.copyOf(properties.spiders());
        this.spiders = spiders;
    }

    /** Tags nothing by name: every spider is {@code other}. */
    public static SpiderTags none() {
        return new SpiderTags(new MetricsProperties(null), null);
    }

    public String of(long spiderId) {
        if (tagged.isEmpty()) {
            return OTHER;
        }
        String known = taggedIds.get(spiderId);
        if (known != null) {
            return known;
        }
        String name = spiders.find(spiderId).map(Spider::name).orElse(OTHER);
        if (!tagged.contains(name)) {
            return OTHER;
        }
        taggedIds.put(spiderId, name);
        return name;
    }
}
