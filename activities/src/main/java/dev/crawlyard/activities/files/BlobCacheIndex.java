package dev.crawlyard.activities.files;

import dev.crawlyard.store.files.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the blob cache holds, in the order it was last used, and its size, so that it can be kept
 * under its cap by removing the least recently used bodies. Bodies that a sync in progress is
 * using are pinned and never removed. The order is kept in memory; at the node's start it is
 * rebuilt from the entries' modification times (when they were written).
 */
final class BlobCacheIndex {

    private static final Logger log = LoggerFactory.getLogger(BlobCacheIndex.class);

    private final Path root;
    private final long capBytes;
    /** Hash to size, least recently used first. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Integer> pins = new HashMap<>();
    private long total;
    private boolean loaded;

    BlobCacheIndex(Path root, long capBytes) {
        this.root = root;
        this.capBytes = capBytes;
    }

    synchronized void used(String sha256, long size) {
        load();
        Long before = entries.put(sha256, size);
        total += size - (before == null ? 0 : before);
    }

    synchronized void removed(String sha256) {
        load();
        Long before = entries.remove(sha256);
        if (before != null) {
            total -= before;
        }
    }

    /** Bodies kept from removal until closed. */
    interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /** Keeps these bodies from being removed until the answer is closed. */
    synchronized Pin pin(Collection<String> hashes) {
        List<String> pinned = List.copyOf(hashes);
        pinned.forEach(hash -> pins.merge(hash, 1, Integer::sum));
        return () -> unpin(pinned);
    }

    private synchronized void unpin(List<String> pinned) {
        pinned.forEach(hash -> pins.computeIfPresent(hash, (h, count) -> count > 1 ? count - 1 : null));
    }

    synchronized long totalBytes() {
        load();
        return total;
    }

    /** Removes least recently used, unpinned bodies until the cache is within its cap. */
    synchronized void trim() {
        if (capBytes <= 0) {
            return;
        }
        load();
        Iterator<Map.Entry<String, Long>> oldestFirst = entries.entrySet().iterator();
        int removed = 0;
        while (total > capBytes && oldestFirst.hasNext()) {
            Map.Entry<String, Long> entry = oldestFirst.next();
            if (pins.containsKey(entry.getKey())) {
                continue;
            }
            try {
                Files.deleteIfExists(root.resolve(entry.getKey()));
                total -= entry.getValue();
                oldestFirst.remove();
                removed++;
            } catch (IOException e) {
                log.warn("could not remove the cached body {}: {}", entry.getKey(), e.getMessage());
            }
        }
        if (removed > 0) {
            log.info("removed {} least recently used file bodies from the cache; it holds {} bytes (cap {})", removed,
                    total, capBytes);
        }
    }

    /** Reads what the cache directory holds, oldest first, once. */
    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!Files.isDirectory(root)) {
            return;
        }
        record Found(String hash, long size, long modified) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!Sha256.isHash(name)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    found.add(new Found(name, attributes.size(), attributes.lastModifiedTime().toMillis()));
                } catch (IOException e) {
                    // Gone meanwhile.
                }
            }
        } catch (IOException e) {
            log.warn("could not list the blob cache {}: {}", root, e.getMessage());
        }
        found.sort(Comparator.comparingLong(Found::modified));
        for (Found entry : found) {
            entries.putIfAbsent(entry.hash(), entry.size());
        }
        // Entries added before the load (none in practice) keep their place; the total counts all.
        total = entries.values().stream().mapToLong(Long::longValue).sum();
    }
}
