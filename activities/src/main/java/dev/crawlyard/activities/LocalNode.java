package dev.crawlyard.activities;

import dev.crawlyard.activities.processes.ProcessLedger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The node these activities run on, as they need to know it.
 *
 * @param key      the node's key; its queue is {@code TaskQueues.node(key)}
 * @param workRoot where workspaces and run files are kept
 * @param apiUrl   the API's base URL, handed to spiders
 */
public record LocalNode(String key, Path workRoot, String apiUrl) {

    /** The directory a task's spider files are written to and its process runs in. */
    public Path workspace(long taskId) {
        return workRoot.resolve("workspaces").resolve(Long.toString(taskId));
    }

    /** The directory for the platform's files about a task run: its config file and output dir. */
    public Path runDirectory(long taskId) {
        return workRoot.resolve("runs").resolve(Long.toString(taskId));
    }

    /** The record of the process groups this node has started and not yet seen end. */
    public ProcessLedger processLedger() {
        return new ProcessLedger(workRoot.resolve("processes"));
    }

    /** Where dependency environments are cached, one directory per environment. */
    public Path environments() {
        return workRoot.resolve("envs");
    }

    /**
     * The environment the node's child processes (spiders, installs) start from: the node's own,
     * less the platform's settings, which may hold secrets.
     */
    public static Map<String, String> inheritedEnvironment() {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (!name.startsWith("CRAWLYARD_") && !name.startsWith("SPRING_")) {
                env.put(name, value);
            }
        });
        return env;
    }
}
