package dev.crawlyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dispatch latency of a container task beside a process task of the same command, in the same run,
 * and beside the ceiling of a bare {@code docker run --rm} of the same image and command. The image
 * is built here from Debian's static busybox (no registry is needed). Skipped, saying why, when no
 * Docker engine answers.
 */
final class ContainerDispatch implements Scenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String IMAGE = "crawlyard-bench/busybox:1";

    private final int tasks;

    ContainerDispatch(int tasks) {
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return "container dispatch";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        if (docker("version") != 0) {
            return List.of(new Figure(name(), "-", Double.NaN, Double.NaN, "", "skipped: no Docker engine answers"));
        }
        buildImage();
        long process = platform.spider("true", Map.of());
        long container = platform.post("/api/spiders", JSON.writeValueAsString(Map.of(
                "name", "bench-box-" + System.nanoTime(), "command", "true",
                "container", Map.of("image", IMAGE, "pull", "never")))).get("id").asLong();
        // Warm both paths up once.
        platform.awaitEnd(platform.run(process), Duration.ofMinutes(1));
        platform.awaitEnd(platform.run(container), Duration.ofMinutes(1));

        List<Double> processStart = new ArrayList<>();
        List<Double> processEnd = new ArrayList<>();
        List<Double> containerStart = new ArrayList<>();
        List<Double> containerEnd = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            // Interleaved, so that the machine's load over the run weighs on all three alike.
            measure(platform, process, processStart, processEnd);
            measure(platform, container, containerStart, containerEnd);
            long begun = System.nanoTime();
            int code = docker("run", "--rm", "--network", "host", IMAGE, "/bin/sh", "-c", "true");
            if (code != 0) {
                throw new IllegalStateException("docker run exited with code " + code);
            }
            bare.add((System.nanoTime() - begun) / 1e6);
        }
        Stats pStart = Stats.of(processStart);
        Stats pEnd = Stats.of(processEnd);
        Stats cStart = Stats.of(containerStart);
        Stats cEnd = Stats.of(containerEnd);
        Stats ceiling = Stats.of(bare);
        String note = tasks + " tasks each of `true` as a process and in a busybox container (interleaved, one at a"
                + " time); the ceiling is a bare `docker run --rm` of the same image and command";
        return List.of(
                new Figure("process task", "request to running p50 ms", pStart.p50(), Double.NaN, "", note),
                new Figure("process task", "request to finished p50 ms", pEnd.p50(), Double.NaN, "", note),
                new Figure(name(), "request to running p50 ms", cStart.p50(), Double.NaN, "",
                        "running is written once the container is created and its attached CLI started"),
                new Figure(name(), "request to finished p50 ms", cEnd.p50(), ceiling.p50(), "",
                        "ceiling: bare docker run --rm, start to exit"),
                new Figure(name(), "request to finished p95 ms", cEnd.p95(), ceiling.p95(), "", note));
    }

    private static void measure(Platform platform, long spider, List<Double> started, List<Double> finished) {
        Instant sent = Instant.now();
        long task = platform.run(spider);
        platform.awaitEnd(task, Duration.ofMinutes(1));
        Map<String, Object> row = platform.jdbc().queryForMap("""
                SELECT status, extract(epoch FROM started_at) * 1000000 AS started,
                       extract(epoch FROM finished_at) * 1000000 AS finished
                FROM tasks WHERE id = ?""", task);
        if (!"finished".equals(row.get("status"))) {
            throw new IllegalStateException("task " + task + " ended " + row.get("status"));
        }
        double sentMicros = sent.getEpochSecond() * 1e6 + sent.getNano() / 1e3;
        started.add((((Number) row.get("started")).doubleValue() - sentMicros) / 1000);
        finished.add((((Number) row.get("finished")).doubleValue() - sentMicros) / 1000);
    }

    private static void buildImage() throws IOException, InterruptedException {
        if (docker("image", "inspect", IMAGE) == 0) {
            return;
        }
        Path context = Files.createTempDirectory("crawlyard-bench-image");
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                ENV PATH=/bin
                """);
        if (docker("build", "--quiet", "--tag", IMAGE, context.toString()) != 0) {
            throw new IllegalStateException("could not build " + IMAGE + " (is busybox-static installed?)");
        }
    }

    private static int docker(String... arguments) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(arguments));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
