package dev.crawlyard.workflows.task;

/** Why a task failed, so that users can tell their spider's bugs from the platform's trouble. */
public enum ErrorKind {
    /** The spider itself failed: a non-zero exit code, an error it reported. */
    SPIDER,
    /** The task's configuration is unusable: a bad file path, an empty command. */
    CONFIG,
    /** The platform failed: a node was lost, no node took the task, a database error. */
    SYSTEM,
    /** A network dependency of the platform failed. */
    NETWORK,
    /** The spider's dependencies could not be installed: the install failed or timed out. */
    DEPENDENCIES,
    /** The spider ran out of memory under its memory limit ({@code memoryLimitMb}) and exited. */
    MEMORY_LIMIT,
    /**
     * The container runtime failed: no such image, a pull refused, the engine down or refusing the
     * container. The engine's own message is the task's error message.
     */
    CONTAINER
}
