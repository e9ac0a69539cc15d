package dev.crawlyard.bench;

import java.util.List;

/** One benchmark scenario: it measures its figures and their ceilings in the same run. */
interface Scenario {

    String name();

    List<Figure> run(Platform platform) throws Exception;

    /** Whether the scenario runs against the shared standalone platform; one that starts its own does not. */
    default boolean needsPlatform() {
        return true;
    }
}
