package dev.crawlyard.activities.dependencies;

import java.util.Locale;

/** The kinds of dependency environment a node builds. */
enum EnvironmentKind {
    /** A Python venv with requirements.txt installed by pip. */
    PYTHON,
    /** A node_modules directory installed by npm from package.json (and its lock file). */
    NPM,
    /** Whatever the spider's own install command puts in the environment directory. */
    CUSTOM;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
