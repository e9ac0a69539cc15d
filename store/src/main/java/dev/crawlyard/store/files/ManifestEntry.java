package dev.crawlyard.store.files;

/**
 * One file of a spider version, as its manifest names it.
 *
 * @param sha256 the SHA-256 of the file's body, lower-case hex; the body is the blob with this hash
 * @param size   the body's length in bytes
 */
public record ManifestEntry(String sha256, long size) {

    public ManifestEntry {
        if (!Sha256.isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("a file size cannot be negative: " + size);
        }
    }
}
