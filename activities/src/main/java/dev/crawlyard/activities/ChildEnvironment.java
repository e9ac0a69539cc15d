package dev.crawlyard.activities;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment the processes a node starts for spiders (the spider itself, its dependency
 * installs) begin from: a short, documented list of the node's variables, never the rest of the
 * node's environment, which holds the platform's settings and secrets (a database password).
 */
public final class ChildEnvironment {

    /** The search path when the node has none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Passed on from the node's environment when set: the search path, the locale, the time zone, proxies. */
    private static final Set<String> PASSED = Set.of("PATH", "LANG", "LANGUAGE", "TZ",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy");

    private ChildEnvironment() {
    }

    /**
     * The node's variables that any child gets: {@code PATH}, {@code LANG}, {@code LANGUAGE},
     * {@code LC_*}, {@code TZ}, proxies. For a child that runs as another user, {@code PATH} keeps
     * only the directories other users can search (not, say, {@code /root/.local/bin}).
     */
    public static Map<String, String> base(boolean otherUser) {
        return base(System.getenv(), otherUser);
    }

    static Map<String, String> base(Map<String, String> node, boolean otherUser) {
        Map<String, String> env = new HashMap<>();
        node.forEach((name, value) -> {
            if (PASSED.contains(name) || name.startsWith("LC_")) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", DEFAULT_PATH);
        if (otherUser) {
            String searchable = Arrays.stream(env.get("PATH").split(":"))
                    .filter(entry -> !entry.isEmpty() && searchableByOthers(Path.of(entry)))
                    .distinct()
                    .collect(Collectors.joining(":"));
            env.put("PATH", searchable.isEmpty() ? DEFAULT_PATH : searchable);
        }
        return env;
    }

    /** What a spider starts from: the base, with its own home directory and its runner's user name. */
    public static Map<String, String> forSpider(Path home, Runner runner) {
        Map<String, String> env = base(runner.users().active());
        env.put("HOME", home.toString());
        env.put("USER", runner.userName());
        env.put("LOGNAME", runner.userName());
        env.put("SHELL", "/bin/sh");
        return env;
    }

    /** Whether a user who is neither the owner nor in the group may search the directory and reach it. */
    private static boolean searchableByOthers(Path directory) {
        if (!directory.isAbsolute() || !Files.isDirectory(directory)) {
            return false;
        }
        try {
            for (Path each = directory.toRealPath(); each != null; each = each.getParent()) {
                if (((Integer) Files.getAttribute(each, "unix:mode") & 01) == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What a dependency install starts from: a spider's, plus the node's pip and npm settings
     * ({@code PIP_*}, {@code NPM_CONFIG_*} in any case), such as a package mirror.
     */
    public static Map<String, String> forInstall(Path home, Runner runner) {
        Map<String, String> env = forSpider(home, runner);
        System.getenv().forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.startsWith("PIP_") || upper.startsWith("NPM_CONFIG_")) {
                env.put(name, value);
            }
        });
        return env;
    }
}
