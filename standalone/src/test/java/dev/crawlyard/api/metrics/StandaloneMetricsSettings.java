package dev.crawlyard.api.metrics;

/** What the shared test platform is told about metrics (see StandaloneTestPlatform). */
public final class StandaloneMetricsSettings {

    /** The one spider name the test platform's {@code crawlyard.metrics.spiders} lists. */
    public static final String LISTED_SPIDER = "metrics-listed";

    private StandaloneMetricsSettings() {
    }
}
