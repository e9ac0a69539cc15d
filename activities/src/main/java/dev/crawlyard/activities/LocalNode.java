package dev.crawlyard.activities;

import dev.crawlyard.activities.processes.ProcessLedger;
import java.nio.file.Path;

/**
 * The node these activities run on, as they need to know it.
 *
 * @param key        the node's key; its queue is {@code TaskQueues.node(key)}
 * @param workRoot   the node's private files: its key, the blob cache, the output spools
 * @param spiderRoot what spiders reach: workspaces, run files (config, output, home), dependency
 *                   environments and the SDK; the work root itself unless spiders run as other users
 * @param apiUrl     the API's base URL, handed to spiders
 * @param users      the users spiders run as, one per runner slot, when the node runs as root
 */
public record LocalNode(String key, Path workRoot, Path spiderRoot, String apiUrl, RunnerUsers users) {

    /** A node whose spiders run as its own user, with everything under {@code workRoot}. */
    public LocalNode(String key, Path workRoot, String apiUrl) {
        this(key, workRoot, workRoot, apiUrl, RunnerUsers.inactive("not asked for"));
    }

    /** The directory a task's spider files are written to and its process runs in. */
    public Path workspace(long taskId) {
        return spiderRoot.resolve("workspaces").resolve(Long.toString(taskId));
    }

    /** The directory of a task's run files that the spider sees: its config file, output dir and home. */
    public Path runDirectory(long taskId) {
        return spiderRoot.resolve("runs").resolve(Long.toString(taskId));
    }

    /** The record of the process groups this node has started and not yet seen end. */
    public ProcessLedger processLedger() {
        return new ProcessLedger(workRoot.resolve("processes"));
    }

    /** Where dependency environments are cached, one directory per environment. */
    public Path environments() {
        return spiderRoot.resolve("envs");
    }

    /** The SDKs shipped inside the node, readable by every spider. */
    public Path sdk() {
        return spiderRoot.resolve("sdk");
    }

    /** Where the runner spools spiders' output; the spiders never see it. */
    public Path spools() {
        return workRoot.resolve("spools");
    }

    /** The content-addressed cache of file bodies; the spiders never see it. */
    public Path blobCache() {
        return workRoot.resolve("cache").resolve("blobs");
    }
}
