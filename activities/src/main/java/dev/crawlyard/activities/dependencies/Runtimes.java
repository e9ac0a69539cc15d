package dev.crawlyard.activities.dependencies;

import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The language runtimes on this node, as environment keys need them: an environment built by one
 * Python or Node.js is not reused by another. Each answer is kept for a minute, so that a burst of
 * tasks does not start the same probes again and again, while an upgraded runtime is noticed soon.
 */
final class Runtimes {

    private static final Duration KEEP = Duration.ofMinutes(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private record Probe(String identity, long at) {
    }

    private final Map<List<String>, Probe> probes = new ConcurrentHashMap<>();
    private final Map<String, String> environment;

    /** Runtimes as found on the search path of {@code environment}, the one installs and spiders get. */
    Runtimes(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The version and real executable of python3 on the node's PATH. */
    String python() {
        return identity(List.of("python3", "-c", "import sys; print(sys.version); print(sys.executable)"),
                "requirements.txt");
    }

    /** The versions of node and npm on the node's PATH. */
    String npm() {
        return identity(List.of("node", "--version"), "package.json") + "\n"
                + identity(List.of("npm", "--version"), "package.json");
    }

    private String identity(List<String> argv, String manifest) {
        Probe known = probes.get(argv);
        if (known != null && System.nanoTime() - known.at() < KEEP.toNanos()) {
            return known.identity();
        }
        String identity = run(argv, manifest);
        probes.put(argv, new Probe(identity, System.nanoTime()));
        return identity;
    }

    private String run(List<String> argv, String manifest) {
        String missing = "the spider's " + manifest + " needs " + argv.getFirst() + " on the node, and ";
        try {
            // env(1) looks the runtime up on the child's PATH, as the installs do, not on the node's.
            List<String> command = new java.util.ArrayList<>(List.of("env"));
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            // Read aside, so that a probe that hangs without a word still meets its timeout.
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    read.complete(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    read.completeExceptionally(e);
                }
            });
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure(missing + "'" + String.join(" ", argv) + "' did not answer within " + PROBE_TIMEOUT);
            }
            String output = new String(read.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw failure(missing + "'" + String.join(" ", argv) + "' failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw failure(missing + "it was not found: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + argv.getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure(missing + "its output could not be read: " + e.getMessage());
        }
    }

    private static ApplicationFailure failure(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorKind.DEPENDENCIES.name());
    }
}
