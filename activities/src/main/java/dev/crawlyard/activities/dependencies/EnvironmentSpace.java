package dev.crawlyard.activities.dependencies;

import dev.crawlyard.activities.files.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tasks use which built environment, and how much room the environments take: over the cap,
 * the least recently used environments that no task on this node uses are removed (moved aside
 * at once, so that a task that wants one meanwhile builds it again, then deleted). An
 * environment's last use is its marker file's modification time, touched on every use, so the
 * order holds across the node's restarts; its size is measured once, when it is built.
 */
final class EnvironmentSpace {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentSpace.class);
    static final String MARKER = ".crawlyard-complete";
    private static final String SIZE = ".crawlyard-size";
    private static final String EVICTED = ".evicted-";

    private final Path root;
    private final long capBytes;
    private final Map<Path, Set<Long>> users = new HashMap<>();
    private final Map<Path, Long> sizes = new HashMap<>();

    EnvironmentSpace(Path root, long capBytes) {
        this.root = root;
        this.capBytes = capBytes;
    }

    /**
     * Records that the task uses the environment in {@code directory}, built or not yet, so that
     * it is not removed under the task; answers whether it is built (and marks it used now).
     */
    synchronized boolean use(long taskId, Path directory) {
        users.computeIfAbsent(directory, d -> new HashSet<>()).add(taskId);
        Path marker = directory.resolve(MARKER);
        if (!Files.exists(marker)) {
            return false;
        }
        try {
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Still built; its place in the eviction order is a little off.
        }
        return true;
    }

    /** Records the size of an environment just built. */
    void built(Path directory) {
        long size = measure(directory);
        try {
            Files.writeString(directory.resolve(SIZE), Long.toString(size));
        } catch (IOException e) {
            log.debug("could not record the size of {}: {}", directory, e.getMessage());
        }
        synchronized (this) {
            sizes.put(directory, size);
        }
    }

    /** The task no longer runs on this node: none of its environments is in use by it. */
    void release(long taskId) {
        synchronized (this) {
            users.values().forEach(tasks -> tasks.remove(taskId));
            users.values().removeIf(Set::isEmpty);
        }
        trim();
    }

    /** Removes least recently used environments that no task uses until the rest fit the cap. */
    void trim() {
        if (capBytes <= 0 || !Files.isDirectory(root)) {
            return;
        }
        List<Path> moved = new ArrayList<>();
        synchronized (this) {
            record Built(Path directory, long size, long lastUsed) {
            }
            List<Built> built = new ArrayList<>();
            for (Path directory : directories()) {
                if (directory.getFileName().toString().startsWith(EVICTED)) {
                    moved.add(directory); // Left half-deleted by a previous life.
                    continue;
                }
                try {
                    long lastUsed = Files.getLastModifiedTime(directory.resolve(MARKER)).toMillis();
                    built.add(new Built(directory, sizes.computeIfAbsent(directory, this::recordedSize), lastUsed));
                } catch (IOException e) {
                    // Not built (an install in progress or one that failed): not a candidate.
                }
            }
            long total = built.stream().mapToLong(Built::size).sum();
            built.sort(Comparator.comparingLong(Built::lastUsed));
            for (Built candidate : built) {
                if (total <= capBytes) {
                    break;
                }
                if (users.containsKey(candidate.directory())) {
                    continue;
                }
                Path aside = root.resolve(EVICTED + UUID.randomUUID());
                try {
                    Files.move(candidate.directory(), aside);
                    moved.add(aside);
                    sizes.remove(candidate.directory());
                    total -= candidate.size();
                    log.info("removed the least recently used environment {} ({} bytes); environments hold {} bytes"
                            + " (cap {})", candidate.directory().getFileName(), candidate.size(), total, capBytes);
                } catch (IOException e) {
                    log.warn("could not remove the environment {}: {}", candidate.directory(), e.getMessage());
                }
            }
        }
        for (Path directory : moved) {
            try {
                Workspaces.deleteRecursively(directory);
            } catch (IOException e) {
                log.warn("could not delete the removed environment {}: {}", directory, e.getMessage());
            }
        }
    }

    private List<Path> directories() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            log.warn("could not list the environments in {}: {}", root, e.getMessage());
        }
        return found;
    }

    private long recordedSize(Path directory) {
        try {
            return Long.parseLong(Files.readString(directory.resolve(SIZE)).strip());
        } catch (IOException | NumberFormatException e) {
            return measure(directory);
        }
    }

    /** The bytes of the regular files under {@code directory}, links not followed. */
    private static long measure(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.mapToLong(file -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    return attributes.isRegularFile() ? attributes.size() : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
