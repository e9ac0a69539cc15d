package dev.crawlyard.store.spiders;

import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.SpiderType;
import java.util.Map;

/**
 * What is needed to register a spider.
 *
 * @param name        unique, for people and URLs
 * @param description free text
 * @param command     the shell command that starts it, run in its workspace
 * @param files       its first files, relative path to text; when there are any they become version 1
 * @param env         environment variables for every run
 * @param settings    defaults for its runs
 * @param type        a command of its own or a built-in type
 * @param config      a built-in type's JSON config (checked against its schema), or null
 * @param container   the container its runs start in unless a run names another, or null for a process
 */
public record NewSpider(String name, String description, String command, Map<String, String> files,
        Map<String, String> env, RunSettings settings, SpiderType type, String config, ContainerSpec container) {

    /** A spider that runs as a process. */
    public NewSpider(String name, String description, String command, Map<String, String> files,
            Map<String, String> env, RunSettings settings, SpiderType type, String config) {
        this(name, description, command, files, env, settings, type, config, null);
    }

    /** A spider that is a command of its own. */
    public NewSpider(String name, String description, String command, Map<String, String> files,
            Map<String, String> env, RunSettings settings) {
        this(name, description, command, files, env, settings, SpiderType.COMMAND, null, null);
    }

    public NewSpider {
        type = type == null ? SpiderType.COMMAND : type;
        settings = settings == null ? RunSettings.DEFAULTS : settings;
        description = description == null ? "" : description;
        files = files == null ? Map.of() : Map.copyOf(files);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
