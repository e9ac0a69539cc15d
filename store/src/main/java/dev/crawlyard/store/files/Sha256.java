package dev.crawlyard.store.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 in the form blobs are keyed by: 64 lower-case hex digits. */
public final class Sha256 {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    /** The hash of {@code body}. */
    public static String of(byte[] body) {
        return hex(digest().digest(body));
    }

    /** A fresh digest, for hashing a stream as it goes by. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /**
     * Whether {@code value} is a hash in this form. Hashes name files in nodes' caches, so anything
     * else (a path, "..") must never get that far.
     */
    public static boolean isHash(String value) {
        return value != null && HASH.matcher(value).matches();
    }
}
