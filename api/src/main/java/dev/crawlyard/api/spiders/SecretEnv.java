package dev.crawlyard.api.spiders;

import dev.crawlyard.collectors.api.ApiCollectorMain;
import dev.crawlyard.collectors.database.DatabaseCollectorMain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a collector spider (and its tasks) as the API shows it: the collectors take
 * their credentials from it, so its values are write-only and shown as {@link #MASK}. A command
 * spider's environment is shown as it is.
 */
public final class SecretEnv {

    /** What an environment value of a collector spider is shown as. */
    public static final String MASK = "********";

    private static final Set<String> COLLECTOR_COMMANDS = Set.of(ApiCollectorMain.COMMAND,
            DatabaseCollectorMain.COMMAND);

    private SecretEnv() {
    }

    /** {@code env} as the API shows it for a spider or task whose command is {@code command}. */
    public static Map<String, String> masked(String command, Map<String, String> env) {
        if (env == null || !COLLECTOR_COMMANDS.contains(command)) {
            return env;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        env.keySet().forEach(name -> masked.put(name, MASK));
        return masked;
    }
}
