package dev.crawlyard.activities.files;

import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.ManifestEntry;
import dev.crawlyard.store.files.Sha256;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A node's content-addressed cache of file bodies, under {@code <workRoot>/cache/blobs/<sha256>}.
 * Entries are written whole or not at all (a temporary file renamed into place), and are hashed
 * again every time they are used: an entry whose bytes no longer match its name is deleted and
 * fetched again, never copied into a workspace.
 */
final class BlobCache {

    /** Body bytes fetched from the database per query. */
    private static final long FETCH_BATCH_BYTES = 8L * 1024 * 1024;

    private final Path root;
    private final BlobStore store;
    private final BlobCacheIndex index;

    /** A cache under {@code root} holding at most {@code capBytes} (0: no cap) once {@link #trim}med. */
    BlobCache(Path root, BlobStore store, long capBytes) {
        this.root = root;
        this.store = store;
        this.index = new BlobCacheIndex(root, capBytes);
    }

    /** Keeps these bodies in the cache until the answer is closed, whatever {@link #trim} does meanwhile. */
    BlobCacheIndex.Pin pin(Collection<String> hashes) {
        return index.pin(hashes);
    }

    /** Removes least recently used bodies, none of them pinned, until the cache is within its cap. */
    void trim() {
        index.trim();
    }

    /** How many bytes the cache holds. */
    long totalBytes() {
        return index.totalBytes();
    }

    /** What one round of fetching cost. */
    record Transfer(int files, long bytes) {

        static final Transfer NONE = new Transfer(0, 0);

        Transfer plus(Transfer other) {
            return new Transfer(files + other.files, bytes + other.bytes);
        }
    }

    /** Whether the cache has an entry for this hash (which may still turn out corrupt when used). */
    boolean has(String sha256) {
        return Files.isRegularFile(entry(sha256), LinkOption.NOFOLLOW_LINKS);
    }

    /** Told of each body as it is fetched and checked, while it is still in memory. */
    interface Fetched {
        void accept(String sha256, byte[] body) throws IOException;
    }

    /**
     * Fetches these bodies from the database into the cache, checking each against its hash, a
     * few megabytes per query.
     */
    Transfer fetch(Collection<ManifestEntry> wanted) throws IOException {
        return fetch(wanted, (sha256, body) -> { });
    }

    /** The same, handing each checked body to {@code fetched} as well. */
    Transfer fetch(Collection<ManifestEntry> wanted, Fetched fetched) throws IOException {
        Files.createDirectories(root);
        Transfer total = Transfer.NONE;
        List<ManifestEntry> batch = new ArrayList<>();
        long batchBytes = 0;
        for (ManifestEntry entry : wanted) {
            if (!batch.isEmpty() && batchBytes + entry.size() > FETCH_BATCH_BYTES) {
                total = total.plus(fetchBatch(batch, fetched));
                batch.clear();
                batchBytes = 0;
            }
            batch.add(entry);
            batchBytes += entry.size();
        }
        if (!batch.isEmpty()) {
            total = total.plus(fetchBatch(batch, fetched));
        }
        return total;
    }

    private Transfer fetchBatch(List<ManifestEntry> batch, Fetched fetched) throws IOException {
        Map<String, byte[]> bodies = store.read(batch.stream().map(ManifestEntry::sha256).toList());
        long bytes = 0;
        for (ManifestEntry entry : batch) {
            byte[] body = bodies.get(entry.sha256());
            if (body == null) {
                throw ApplicationFailure.newNonRetryableFailure("the file body " + entry.sha256()
                        + " is missing from the database", ErrorKind.SYSTEM.name());
            }
            if (!Sha256.of(body).equals(entry.sha256())) {
                throw ApplicationFailure.newNonRetryableFailure("the file body stored under " + entry.sha256()
                        + " in the database does not match its hash", ErrorKind.SYSTEM.name());
            }
            // Another task on this node may fetch the same body at the same time: both renames
            // put the same bytes in place, and neither reader ever sees half a file.
            writeAtomically(entry(entry.sha256()), body);
            index.used(entry.sha256(), body.length);
            fetched.accept(entry.sha256(), body);
            bytes += body.length;
        }
        return new Transfer(batch.size(), bytes);
    }

    /**
     * Copies the cached body of {@code sha256} to {@code target} (a path already checked to lie in a
     * workspace), hashing it on the way. The copy lands under a temporary name beside the target
     * and is renamed into place only if the hash matches.
     *
     * @return false, having deleted the entry, if the cached body is corrupt or gone
     */
    boolean copyVerified(String sha256, Path target) throws IOException {
        Path temporary = target.resolveSibling(".sync-" + UUID.randomUUID());
        MessageDigest digest = Sha256.digest();
        try {
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(entry(sha256), LinkOption.NOFOLLOW_LINKS),
                    digest); OutputStream out = Files.newOutputStream(temporary)) {
                size = in.transferTo(out);
            } catch (NoSuchFileException e) {
                index.removed(sha256);
                return false;
            }
            if (!Sha256.hex(digest.digest()).equals(sha256)) {
                Files.deleteIfExists(entry(sha256));
                index.removed(sha256);
                return false;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            index.used(sha256, size);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code body} under a temporary name beside {@code target}, then renames it into place. */
    static void writeAtomically(Path target, byte[] body) throws IOException {
        Path temporary = target.resolveSibling(".part-" + UUID.randomUUID());
        try {
            Files.write(temporary, body);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** The entry's path; the hash was checked to be 64 hex digits, so it cannot leave the cache. */
    private Path entry(String sha256) {
        if (!Sha256.isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256);
    }
}
