package dev.crawlyard.activities;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crawlyard.store.files.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Container images for tests, built on this machine (no registry is reachable): {@code FROM scratch}
 * with Debian's static busybox, whose sh, wget and friends are enough for spiders that print IPC
 * lines, write files and call the HTTP API. Tests that need an engine skip, saying why, when none
 * answers; CI starts one (.ci/run).
 */
public final class TestImages {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static String busybox;

    private TestImages() {
    }

    /** Skips the calling test unless a Docker engine answers and busybox is there to build an image from. */
    public static void assumeEngine() {
        assumeTrue(TestNode.ENGINE.version().isPresent(),
                "no Docker engine answers (docker version failed): the container tests need one; .ci/run starts one");
        assumeTrue(Files.isExecutable(BUSYBOX) && isStatic(),
                "no static busybox at /bin/busybox to build the test image from (apt-get install busybox-static)");
    }

    /** The busybox image's name, built once per JVM (and once per busybox binary on the engine). */
    public static synchronized String busybox() {
        assumeEngine();
        if (busybox != null) {
            return busybox;
        }
        try {
            String tag = "crawlyard-test/busybox:" + Sha256.of(Files.readAllBytes(BUSYBOX)).substring(0, 12);
            if (run(List.of("docker", "image", "inspect", tag)) != 0) {
                Path context = Files.createTempDirectory("crawlyard-image");
                Files.copy(BUSYBOX, context.resolve("busybox"));
                Files.writeString(context.resolve("Dockerfile"), """
                        FROM scratch
                        COPY busybox /bin/busybox
                        RUN ["/bin/busybox", "--install", "-s", "/bin"]
                        ENV PATH=/bin
                        """);
                if (run(List.of("docker", "build", "--quiet", "--tag", tag, context.toString())) != 0) {
                    throw new IllegalStateException("could not build the test image " + tag);
                }
            }
            busybox = tag;
            return tag;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isStatic() {
        try {
            String head = new String(Files.readAllBytes(BUSYBOX), 0, 4096, StandardCharsets.ISO_8859_1);
            // A dynamically linked ELF names its interpreter; a static one cannot run in an empty image otherwise.
            return !head.contains("ld-linux");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a docker CLI command, bounded, and returns its exit code. */
    public static int run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The names of the containers of this task made by the node with this key and work root. */
    public static List<String> containersOf(long taskId, String nodeKey, Path workRoot) {
        try {
            Process process = new ProcessBuilder("docker", "ps", "--all", "--filter",
                    "label=dev.crawlyard.task=" + taskId, "--filter", "label=dev.crawlyard.node.id="
                            + dev.crawlyard.activities.containers.DockerEngine.nodeId(nodeKey, workRoot),
                    "--format", "{{.Names}}").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a container of this name exists (stopped or not). */
    public static boolean containerExists(String name) {
        return TestNode.ENGINE.exists(name);
    }

    /** Whether a container of this name runs ({@code docker top} answers only for a running one). */
    public static boolean containerRuns(String name) {
        return run(List.of("docker", "top", name)) == 0;
    }
}
