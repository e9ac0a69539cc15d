package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spider SDKs that ship inside the node: written once per node work directory (on the first
 * task after a start, so an upgraded node writes its own version) and put on the spiders' paths.
 */
final class SpiderSdk {

    private static final String RESOURCE = "/crawlyard-sdk/python/";
    private static final List<String> PYTHON_FILES = List.of("crawlyard.py", "crawlyard_scrapy.py");
    private static final Map<Path, Path> INSTALLED = new ConcurrentHashMap<>();

    private SpiderSdk() {
    }

    /**
     * The directory holding the Python SDK under {@code sdkRoot}, written there if need be,
     * readable by every spider and writable by none.
     */
    static Path python(Path sdkRoot) {
        return INSTALLED.computeIfAbsent(sdkRoot, root -> {
            Path directory = root.resolve("python");
            try {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
                for (String file : PYTHON_FILES) {
                    try (InputStream body = SpiderSdk.class.getResourceAsStream(RESOURCE + file)) {
                        if (body == null) {
                            throw new IllegalStateException("the SDK file " + file + " is missing from the build");
                        }
                        Files.copy(body, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the spider SDK into " + directory, e);
            }
        });
    }
}
