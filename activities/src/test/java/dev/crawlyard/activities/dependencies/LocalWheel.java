package dev.crawlyard.activities.dependencies;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tiny pure-Python wheel made by the test, so that pip installs a real package with no package
 * index and no build tools: {@code localpkg} 1.0, whose {@code greet()} answers a fixed line.
 */
final class LocalWheel {

    static final String FILE_NAME = "localpkg-1.0-py3-none-any.whl";

    private LocalWheel() {
    }

    static byte[] build() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("localpkg/__init__.py", "def greet():\n    return 'hello from localpkg'\n");
        files.put("localpkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: localpkg\nVersion: 1.0\n");
        files.put("localpkg-1.0.dist-info/WHEEL",
                "Wheel-Version: 1.0\nGenerator: crawlyard-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        files.forEach((path, text) -> record.append(path).append(",sha256=").append(hash(text)).append(',')
                .append(text.getBytes(StandardCharsets.UTF_8).length).append('\n'));
        record.append("localpkg-1.0.dist-info/RECORD,,\n");
        files.put("localpkg-1.0.dist-info/RECORD", record.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A RECORD hash: url-safe base64 of the SHA-256, without padding. */
    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
