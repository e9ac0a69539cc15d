package dev.crawlyard.store.spiders;

import dev.crawlyard.workflows.task.DedupMode;
import java.time.Duration;

/**
 * A spider's defaults for its runs.
 *
 * @param runtimeLimit     a run is stopped as timed out after this; zero for no limit
 * @param memoryLimitBytes the address space each of its processes may use; zero for no limit
 * @param maxAttempts      how many times a failing run is tried in all
 * @param retryBackoff     the wait before the first retry, doubled for each further one
 * @param dedupField       the item field that identifies an item across tasks, or null
 * @param dedupMode        what a second item with the same key does
 * @param installCommand   the shell command that installs its dependencies, or null to detect
 *                         requirements.txt and package.json
 */
public record RunSettings(Duration runtimeLimit, long memoryLimitBytes, int maxAttempts, Duration retryBackoff,
        String dedupField, DedupMode dedupMode, String installCommand) {

    public static final RunSettings DEFAULTS = new RunSettings(null, 0, 1, null, null, null, null);

    public RunSettings {
        runtimeLimit = runtimeLimit == null ? Duration.ZERO : runtimeLimit;
        maxAttempts = Math.max(1, maxAttempts);
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
        dedupField = dedupField == null || dedupField.isBlank() ? null : dedupField.trim();
        dedupMode = dedupMode == null ? DedupMode.IGNORE : dedupMode;
        installCommand = installCommand == null || installCommand.isBlank() ? null : installCommand.trim();
    }
}
