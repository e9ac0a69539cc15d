package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in collectors (the crawler) as the node runs them: their runnable jar, which ships
 * inside the node, written once per node beside the spider SDK (readable by every runner user,
 * writable by none) under its content hash, and the node's
 * own Java runtime to start it with. A built-in spider's command names both through
 * {@code CRAWLYARD_JAVA} and {@code CRAWLYARD_COLLECTORS_JAR}.
 */
final class Collectors {

    private static final String RESOURCE = "/crawlyard-collectors/crawlyard-collectors.jar";
    private static final Map<Path, Path> INSTALLED = new ConcurrentHashMap<>();

    private Collectors() {
    }

    /** The java executable of the node's own runtime (a JDK 21 or newer, as the node needs). */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The collectors' jar under {@code sdkRoot}, written there if need be. */
    static Path jar(Path sdkRoot) {
        return INSTALLED.computeIfAbsent(sdkRoot, root -> {
            try (InputStream in = Collectors.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the collectors' jar " + RESOURCE + " is missing from the node's build"
                            + " (it is made by the collectors module's package phase: build with ./mvnw package or verify)");
                }
                byte[] body = in.readAllBytes();
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 6);
                Path directory = root.resolve("collectors");
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path jar = directory.resolve("crawlyard-collectors-" + hash + ".jar");
                if (!Files.exists(jar)) {
                    // Written under another name and renamed, so that no task ever starts half a jar.
                    Path temporary = Files.createTempFile(directory, "collectors-", ".tmp");
                    Files.write(temporary, body);
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
                    Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the collectors' jar into " + root, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
