package dev.crawlyard.store.files;

import dev.crawlyard.workflows.files.SpiderFilePath;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a version about to be stored: the manifest, and the bodies by hash (each body once,
 * however many paths share it).
 *
 * @param manifest   relative path to hash and size, sorted by path
 * @param bodies     body by hash
 * @param totalBytes the sum of the files' sizes
 */
public record VersionFiles(Map<String, ManifestEntry> manifest, Map<String, byte[]> bodies, long totalBytes) {

    /**
     * Hashes the files and checks their paths.
     *
     * @throws IllegalArgumentException if a path could leave the spider's root, two paths are the
     *                                  same once tidied, or a path is a file and a directory at once
     */
    public static VersionFiles of(Map<String, byte[]> files) {
        TreeMap<String, ManifestEntry> manifest = new TreeMap<>();
        Map<String, byte[]> bodies = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = SpiderFilePath.check(file.getKey());
            byte[] body = file.getValue();
            String hash = Sha256.of(body);
            if (manifest.put(path, new ManifestEntry(hash, body.length)) != null) {
                throw new IllegalArgumentException("file path is given twice under different spellings: " + path);
            }
            bodies.putIfAbsent(hash, body);
            total += body.length;
        }
        checkNoFileIsADirectory(manifest);
        return new VersionFiles(Collections.unmodifiableSortedMap(manifest), Map.copyOf(bodies), total);
    }

    /**
     * Refuses "a" beside "a/b": no workspace can hold both, and finding out on a node would be too
     * late. In sorted order a file's children come right after it, after names such as "a.txt" and
     * "a-b" that sort between "a" and "a/".
     */
    private static void checkNoFileIsADirectory(TreeMap<String, ManifestEntry> paths) {
        for (String path : paths.keySet()) {
            String child = paths.ceilingKey(path + "/");
            if (child != null && child.startsWith(path + "/")) {
                throw new IllegalArgumentException("'" + path + "' is both a file and a directory (" + child + ")");
            }
        }
    }

    public int fileCount() {
        return manifest.size();
    }
}
