package dev.crawlyard.activities.containers;

import dev.crawlyard.workflows.task.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a task's mounts the node lets it have: a mount's directory must be one the node's
 * settings allow, or under one, once both are resolved to real paths, so that a symbolic link
 * inside an allowed directory cannot lead a mount out of it. The engine is given the real path.
 */
public final class ContainerMounts {

    private ContainerMounts() {
    }

    /** A mount as the engine gets it. */
    public record Resolved(Path source, String target, boolean readOnly) {
    }

    /** Thrown with what to tell the task's owner when a mount is not allowed. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The mounts with their real sources; {@link Refused} naming the first one the node does not allow. */
    public static List<Resolved> resolve(List<ContainerSpec.Mount> mounts, List<Path> allowed, String nodeKey)
            throws Refused {
        List<Resolved> resolved = new ArrayList<>();
        if (mounts.isEmpty()) {
            return resolved;
        }
        List<Path> roots = new ArrayList<>();
        for (Path root : allowed) {
            try {
                roots.add(root.toRealPath());
            } catch (IOException e) {
                // An allowed directory that does not exist allows nothing.
            }
        }
        for (ContainerSpec.Mount mount : mounts) {
            Path real;
            try {
                real = Path.of(mount.source()).toRealPath();
            } catch (IOException e) {
                throw new Refused("the mount " + mount.source() + " -> " + mount.target() + " cannot be made on node "
                        + nodeKey + ": the directory does not exist there");
            }
            if (!Files.isDirectory(real)) {
                throw new Refused("the mount " + mount.source() + " -> " + mount.target() + " cannot be made on node "
                        + nodeKey + ": " + mount.source() + " is not a directory");
            }
            if (roots.stream().noneMatch(real::startsWith)) {
                throw new Refused("the mount " + mount.source() + " -> " + mount.target() + " is not allowed on node "
                        + nodeKey + ": crawlyard.containers.allowed-mounts "
                        + (allowed.isEmpty() ? "is empty there" : "lists " + allowed) + " and "
                        + (real.toString().equals(mount.source()) ? mount.source() : mount.source() + " (really " + real + ")")
                        + " is under none of them");
            }
            String path = real.toString();
            if (path.contains(",") || path.contains("=")) {
                throw new Refused("the mount " + mount.source() + " cannot be made: its real path " + path
                        + " holds ',' or '='");
            }
            resolved.add(new Resolved(real, mount.target(), mount.readOnly()));
        }
        return resolved;
    }
}
