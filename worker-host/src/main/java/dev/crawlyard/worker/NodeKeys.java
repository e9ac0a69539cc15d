package dev.crawlyard.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A node's key: configured, or generated on the node's first start and kept in its work
 * directory, so that a restarted node keeps its queue and its history.
 */
final class NodeKeys {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private NodeKeys() {
    }

    static String resolve(NodeProperties properties) {
        if (!properties.key().isEmpty()) {
            return check(properties.key());
        }
        Path file = properties.workDir().resolve("node-key");
        try {
            if (Files.exists(file)) {
                return check(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            String key = "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(properties.workDir());
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or keep the node key in " + file, e);
        }
    }

    private static String check(String key) {
        if (!VALID.matcher(key).matches()) {
            throw new IllegalArgumentException("crawlyard.node.key must be 1-63 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, not '" + key + "'");
        }
        return key;
    }
}
