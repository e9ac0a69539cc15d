package dev.crawlyard.api.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zip archives for tests, honest and otherwise. */
final class Zips {

    private static final int REGULAR = 0100644;
    private static final int SYMLINK = 0120777;
    static final int CHARACTER_DEVICE = 0020644;

    private Zips() {
    }

    /** Regular files, path to text, with their names exactly as given. */
    static byte[] of(Map<String, String> files) {
        return build(zip -> {
            for (Map.Entry<String, String> file : files.entrySet()) {
                entry(zip, file.getKey(), REGULAR, file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** A good file and an entry of the given Unix mode (a symbolic link's body is its target). */
    static byte[] withSpecialEntry(String goodPath, String goodText, String name, int mode, String body) {
        return build(zip -> {
            entry(zip, goodPath, REGULAR, goodText.getBytes(StandardCharsets.UTF_8));
            entry(zip, name, mode, body.getBytes(StandardCharsets.UTF_8));
        });
    }

    static byte[] symlink(String goodPath, String goodText, String name, String target) {
        return withSpecialEntry(goodPath, goodText, name, SYMLINK, target);
    }

    /** One entry of {@code size} zero bytes: it deflates to about a thousandth of that. */
    static byte[] zeros(String name, int size) {
        return build(zip -> entry(zip, name, REGULAR, new byte[size]));
    }

    private interface Writer {
        void write(ZipArchiveOutputStream zip) throws IOException;
    }

    private static byte[] build(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            writer.write(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipArchiveOutputStream zip, String name, int mode, byte[] body) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(mode);
        zip.putArchiveEntry(entry);
        zip.write(body);
        zip.closeArchiveEntry();
    }
}
