package dev.crawlyard.api.files;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.workflows.files.SpiderFilePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of an upload as they arrive, checked against the limits and the path rule before any
 * of them is stored: a path that could leave the spider's root is a 400, a size or count over its
 * limit a 413, and either way nothing is stored.
 */
final class UploadedFiles {

    private final FilesProperties limits;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private long totalBytes;

    UploadedFiles(FilesProperties limits) {
        this.limits = limits;
    }

    /**
     * Adds one file, reading at most one byte past the limits.
     *
     * @param origin where the file came from, for messages ("zip entry", "part 'files'")
     */
    void add(String origin, String rawPath, InputStream body) throws IOException {
        String path = checkedPath(origin, rawPath);
        if (files.containsKey(path)) {
            throw ApiException.badRequest(origin + " '" + rawPath + "': the file " + path + " is given twice");
        }
        if (files.size() >= limits.maxFiles()) {
            throw ApiException.tooLarge("a version may hold at most " + limits.maxFiles()
                    + " files (crawlyard.files.max-files)");
        }
        long room = Math.min(limits.maxFileSize().toBytes(), limits.maxTotalSize().toBytes() - totalBytes);
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, room + 1));
        if (bytes.length > room) {
            throw bytes.length > limits.maxFileSize().toBytes() ? tooLargeFile(path) : tooLargeTotal();
        }
        files.put(path, bytes);
        totalBytes += bytes.length;
    }

    ApiException tooLargeFile(String path) {
        return ApiException.tooLarge("the file " + path + " is larger than " + limits.maxFileSize().toBytes()
                + " bytes, the most one file may hold (crawlyard.files.max-file-size)");
    }

    ApiException tooLargeTotal() {
        return ApiException.tooLarge("the files are larger than " + limits.maxTotalSize().toBytes()
                + " bytes in all, the most a version may hold (crawlyard.files.max-total-size)");
    }

    /** The path as the spider's root holds it, or a 400 saying what is wrong with it. */
    static String checkedPath(String origin, String rawPath) {
        try {
            return SpiderFilePath.check(rawPath);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(origin + " is refused: " + e.getMessage());
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    Map<String, byte[]> files() {
        if (files.isEmpty()) {
            throw ApiException.badRequest("the upload holds no files: send multipart file parts named by their"
                    + " relative paths, or a zip archive");
        }
        return files;
    }
}
