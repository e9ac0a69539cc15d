package dev.crawlyard.workflows.files;

import java.util.regex.Pattern;

/**
 * The rule for a path inside a spider: relative, with forward slashes, and staying inside the
 * spider's root. Checked when files are stored and again when they are written on a node.
 */
public final class SpiderFilePath {

    private static final int MAX_LENGTH = 512;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private SpiderFilePath() {
    }

    /**
     * Returns the path with redundant {@code ./} and duplicate slashes removed.
     *
     * @throws IllegalArgumentException saying what is wrong with the path
     */
    public static String check(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a file path is empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("file path is longer than " + MAX_LENGTH + " characters: " + path);
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("file path holds a NUL or a backslash: " + path);
        }
        if (path.startsWith("/") || DRIVE.matcher(path).matches()) {
            throw new IllegalArgumentException("file path must be relative, not absolute: " + path);
        }
        StringBuilder normal = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("file path must not contain '..': " + path);
            }
            if (!normal.isEmpty()) {
                normal.append('/');
            }
            normal.append(segment);
        }
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("file path names no file: " + path);
        }
        return normal.toString();
    }
}
