package dev.crawlyard.api.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container image for the platform's tests, built here (no registry is reachable): {@code FROM
 * scratch} with Debian's static busybox. The tests that need it skip, saying why, when no Docker
 * engine answers; CI starts one (.ci/run).
 */
public final class ContainerImages {

    public static final String BUSYBOX = "crawlyard-test/busybox-api:1";
    private static final Path BINARY = Path.of("/bin/busybox");
    private static boolean built;

    private ContainerImages() {
    }

    /** The busybox image, built once per JVM; skips the calling test when there is no engine or no busybox. */
    public static synchronized String busybox() {
        assumeTrue(run("docker", "version") == 0,
                "no Docker engine answers (docker version failed): the container tests need one; .ci/run starts one");
        assumeTrue(Files.isExecutable(BINARY), "no static busybox at /bin/busybox (apt-get install busybox-static)");
        if (built || run("docker", "image", "inspect", BUSYBOX) == 0) {
            built = true;
            return BUSYBOX;
        }
        try {
            Path context = Files.createTempDirectory("crawlyard-image");
            Files.copy(BINARY, context.resolve("busybox"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox", "--install", "-s", "/bin"]
                    ENV PATH=/bin
                    """, StandardCharsets.UTF_8);
            if (run("docker", "build", "--quiet", "--tag", BUSYBOX, context.toString()) != 0) {
                throw new IllegalStateException("could not build the test image " + BUSYBOX);
            }
            built = true;
            return BUSYBOX;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a container of this name runs ({@code docker top} answers only for a running one). */
    public static boolean runs(String name) {
        return run("docker", "top", name) == 0;
    }

    /** The names of this task's containers made by the node with this key. */
    public static List<String> containersOf(long taskId, String nodeKey) {
        try {
            Process process = new ProcessBuilder("docker", "ps", "--all", "--filter", "label=dev.crawlyard.task=" + taskId,
                    "--filter", "label=dev.crawlyard.node=" + nodeKey, "--format", "{{.Names}}")
                    .redirectErrorStream(true).start();
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

    /** Whether a container of this name exists, running or not. */
    public static boolean exists(String name) {
        return run("docker", "container", "inspect", name) == 0;
    }

    /** Runs a docker CLI command, bounded, and returns its exit code. */
    public static int run(String... argv) {
        try {
            Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
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
}
