package dev.crawlyard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * File sync: a spider of many small files uploaded as one zip, then run twice on the node, cold
 * (its cache has none of the bodies) and warm (it has them all). The figures are what the node
 * recorded on the task rows: the sync's time and the bytes it fetched. Ceilings: cold, reading
 * the same bodies from PostgreSQL in one query and writing them as files; warm, copying the same
 * files from one local directory to another. A small spider is synced first, unmeasured, so that
 * neither figure includes the JVM loading and compiling the sync's code.
 */
final class FileSync implements Scenario {

    private final int files;

    FileSync(int files) {
        this.files = files;
    }

    @Override
    public String name() {
        return "file sync";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        // A small spider synced once first, so that the figures are not the JVM's first use of the code.
        long warmUp = platform.spider("true", Map.of());
        platform.uploadZip(warmUp, zip(spiderFiles(20)));
        check(platform.awaitEnd(platform.run(warmUp), Duration.ofMinutes(5)));

        Map<String, byte[]> spiderFiles = spiderFiles(files);
        long totalBytes = spiderFiles.values().stream().mapToLong(b -> b.length).sum();
        byte[] zip = zip(spiderFiles);

        long spider = platform.spider("true", Map.of());
        long uploadStart = System.nanoTime();
        platform.uploadZip(spider, zip);
        double uploadMillis = (System.nanoTime() - uploadStart) / 1e6;

        JsonNode cold = platform.awaitEnd(platform.run(spider), Duration.ofMinutes(5));
        JsonNode warm = platform.awaitEnd(platform.run(spider), Duration.ofMinutes(5));
        check(cold);
        check(warm);

        Path scratch = Files.createTempDirectory("crawlyard-bench-sync-");
        double fetchCeiling = fetchAndWrite(platform, spiderFiles, scratch.resolve("fetched"));
        double copyCeiling = copy(scratch.resolve("fetched"), scratch.resolve("copied"));

        String size = String.format(java.util.Locale.ROOT, "%,d files, %.1f MB in %d directories (zip upload of %.1f MB took %.0f ms)",
                files, totalBytes / 1e6, directories(), zip.length / 1e6, uploadMillis);
        return List.of(
                new Figure(name(), "cold ms", cold.get("sync").get("millis").asDouble(), fetchCeiling, "",
                        size + "; cold: fetched " + transferred(cold) + "; ceiling: one SELECT of the bodies and"
                                + " writing them as files"),
                new Figure(name(), "cold MB", cold.get("sync").get("bytesTransferred").asDouble() / 1e6, Double.NaN, "",
                        "bytes the node fetched from the database on the cold run"),
                new Figure(name(), "warm ms", warm.get("sync").get("millis").asDouble(), copyCeiling, "",
                        "warm: fetched " + transferred(warm) + "; every cached body hashed again as it is copied;"
                                + " ceiling: copying the same files between local directories"),
                new Figure(name(), "warm MB", warm.get("sync").get("bytesTransferred").asDouble() / 1e6, Double.NaN,
                        "0", "bytes the node fetched from the database on the warm run"));
    }

    /** Text files of 0.5 to 8 KB in a few directories, different on every run. */
    private Map<String, byte[]> spiderFiles(int files) {
        Random random = new Random(42);
        String nonce = UUID.randomUUID().toString();
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            StringBuilder text = new StringBuilder(nonce).append(' ').append(i).append('\n');
            int size = 512 + random.nextInt(7680);
            while (text.length() < size) {
                text.append((char) ('a' + random.nextInt(26)));
                if (random.nextInt(60) == 0) {
                    text.append('\n');
                }
            }
            result.put("pkg" + (i % directories()) + "/module_" + i + ".py", text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return result;
    }

    private int directories() {
        return Math.max(1, files / 50);
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void check(JsonNode task) {
        if (!task.get("status").asString().equals("finished") || task.get("sync").isNull()) {
            throw new IllegalStateException("the sync task did not finish: " + task);
        }
    }

    private static String transferred(JsonNode task) {
        JsonNode sync = task.get("sync");
        return String.format(java.util.Locale.ROOT, "%,d files, %,d bytes", sync.get("filesTransferred").asInt(),
                sync.get("bytesTransferred").asLong());
    }

    /** Milliseconds to read the bodies in one query and write each as a file. */
    private static double fetchAndWrite(Platform platform, Map<String, byte[]> files, Path into) throws IOException {
        List<String> hashes = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            paths.add(file.getKey());
            hashes.add(dev.crawlyard.store.files.Sha256.of(file.getValue()));
        }
        long start = System.nanoTime();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        platform.jdbc().query("SELECT sha256, body FROM blobs WHERE sha256 = ANY(?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("text", hashes.toArray())),
                row -> {
                    bodies.put(row.getString(1), row.getBytes(2));
                });
        for (int i = 0; i < paths.size(); i++) {
            Path target = into.resolve(paths.get(i));
            Files.createDirectories(target.getParent());
            Files.write(target, bodies.get(hashes.get(i)));
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Milliseconds to copy every file under {@code from} to {@code to}. */
    private static double copy(Path from, Path to) throws IOException {
        List<Path> sources;
        try (var walk = Files.walk(from)) {
            sources = walk.filter(Files::isRegularFile).toList();
        }
        long start = System.nanoTime();
        for (Path source : sources) {
            Path target = to.resolve(from.relativize(source));
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
