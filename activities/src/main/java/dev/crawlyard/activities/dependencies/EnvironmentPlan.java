package dev.crawlyard.activities.dependencies;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One dependency environment a task needs, and how to build it.
 *
 * @param kind          what builds it
 * @param source        what it is built from, for the log ("requirements.txt", "the install command")
 * @param key           the SHA-256 of the runtime and the manifest (or command): tasks with the same key
 *                      share one environment on a node
 * @param seedFiles     files copied into the environment directory before the install (package.json)
 * @param command       the spider's install command, for {@link EnvironmentKind#CUSTOM}
 */
record EnvironmentPlan(EnvironmentKind kind, String source, String key, Map<String, byte[]> seedFiles,
        String command) {

    /** One command of the install, and whether it runs in the workspace (else in the environment directory). */
    record InstallStep(List<String> argv, boolean inWorkspace) {
    }

    /** The directory name under the node's environments: readable, and unique per key. */
    String directoryName() {
        return kind.label() + "-" + key;
    }

    /** A short name for the log. */
    String shortName() {
        return kind.label() + "-" + key.substring(0, 12);
    }

    List<InstallStep> steps(Path directory, Path workspace) {
        return switch (kind) {
            case PYTHON -> List.of(
                    new InstallStep(List.of("python3", "-m", "venv", directory.toString()), true),
                    new InstallStep(List.of(directory.resolve("bin").resolve("python").toString(), "-m", "pip",
                            "install", "--no-input", "-r", workspace.resolve("requirements.txt").toString()), true));
            // With a lock file, npm ci installs exactly what it pins.
            case NPM -> List.of(new InstallStep(List.of("npm", hasLockFile() ? "ci" : "install"), false));
            case CUSTOM -> List.of(new InstallStep(List.of("/bin/sh", "-c", command), true));
        };
    }

    private boolean hasLockFile() {
        return seedFiles.containsKey("package-lock.json") || seedFiles.containsKey("npm-shrinkwrap.json");
    }

    /** Variables the install's commands get beyond the node's and the task's. */
    Map<String, String> installEnvironment(Path directory, Path workspace) {
        return switch (kind) {
            case PYTHON -> Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1", "PYTHONUNBUFFERED", "1");
            case NPM -> Map.of("npm_config_update_notifier", "false", "npm_config_fund", "false",
                    "npm_config_audit", "false", "npm_config_progress", "false");
            case CUSTOM -> Map.of("CRAWLYARD_ENV_DIR", directory.toString(),
                    "CRAWLYARD_WORKSPACE", workspace.toString());
        };
    }

    /** Variables that put the environment in the spider's reach; PATH and NODE_PATH are prepended. */
    Map<String, String> spiderEnvironment(Path directory) {
        return switch (kind) {
            case PYTHON -> Map.of("PATH", directory.resolve("bin").toString(), "VIRTUAL_ENV", directory.toString());
            case NPM -> Map.of("PATH", directory.resolve("node_modules").resolve(".bin").toString(),
                    "NODE_PATH", directory.resolve("node_modules").toString());
            case CUSTOM -> Map.of("PATH", directory.resolve("bin").toString(),
                    "CRAWLYARD_ENV_DIR", directory.toString());
        };
    }
}
