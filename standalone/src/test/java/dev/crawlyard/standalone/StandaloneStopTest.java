package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.StandaloneTestPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The standalone platform in a JVM of its own, stopped by SIGTERM while its node runs a spider:
 * its embedded PostgreSQL stays up until everything that writes to it has stopped, so the node
 * records the stopped attempt and its own stop, and the JVM exits without waiting on a database
 * that is gone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneStopTest {

    private Process platform;
    private Path root;

    /** After a failure: SIGTERM first, so that its PostgreSQL is stopped with it; else both are killed. */
    @AfterEach
    void stopThePlatform() throws Exception {
        if (platform == null || !platform.isAlive()) {
            return;
        }
        platform.destroy();
        if (!platform.waitFor(60, TimeUnit.SECONDS)) {
            platform.destroyForcibly();
        }
        Path pidFile = root.resolve(".crawlyard").resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aPlatformStoppedWithARunningTaskRecordsItsEndsBeforeItsDatabaseStops() throws Exception {
        root = Files.createTempDirectory("crawlyard-stop-");
        // Spiders run as runner users, who must be able to pass through to their directories.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Path log = root.resolve("platform.log");
        int port = StandaloneTestPlatform.freePort();
        platform = launch(root, log, port);
        String token = awaitToken(log);
        ApiClient api = new ApiClient(port, token);
        long spider = api.post("/api/spiders", ApiClient.json(Map.of("name", "sleeper", "command", "sleep 300")))
                .body().get("id").asLong();
        long task = api.post("/api/spiders/" + spider + "/run", null).body().get("id").asLong();
        awaitRunning(api, task);
        Path dataDir = root.resolve(".crawlyard").resolve("postgres");
        assertThat(dataDir.resolve("postmaster.pid")).exists();

        platform.destroy();

        assertThat(platform.waitFor(90, TimeUnit.SECONDS)).as("the platform exits after SIGTERM").isTrue();
        String text = Files.readString(log);
        assertThat(text).contains("attempt 1: node ").contains(" stopped during this attempt; its spider was stopped");
        assertThat(text).doesNotContain("could not record")
                .doesNotContain("Failed to obtain JDBC Connection")
                .doesNotContain("terminating connection due to administrator command");
        // The embedded PostgreSQL was stopped too, after the rest.
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    private static Process launch(Path root, Path log, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Without the tests' classes and logback-test.xml, so that it logs as a deployed platform does.
        String classpath = StandaloneTestPlatform.deployedClasspath();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Duser.home=" + root, "-cp", classpath, StandaloneApplication.class.getName(),
                "--server.port=" + port,
                "--crawlyard.standalone.postgres-port=0",
                "--crawlyard.standalone.temporal-port=" + StandaloneTestPlatform.freePort(),
                "--crawlyard.node.work-dir=" + root.resolve("work"),
                "--crawlyard.node.spider-dir=" + root.resolve("spiders"),
                "--crawlyard.tasks.stop-grace-period=2s",
                "--crawlyard.node.stop-notice-period=1s"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The admin token the first start prints, once the platform is ready. */
    private String awaitToken(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!platform.isAlive()) {
                throw new AssertionError("the platform exited:\n" + Files.readString(log));
            }
            List<String> lines = Files.readAllLines(log);
            if (lines.stream().anyMatch(line -> line.contains("is ready at"))) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("Admin token")) {
                        return lines.subList(i + 1, lines.size()).stream().map(String::strip)
                                .filter(line -> !line.isEmpty()).findFirst().orElseThrow();
                    }
                }
                throw new AssertionError("the platform printed no admin token:\n" + String.join("\n", lines));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the platform was not ready within 2 minutes:\n" + Files.readString(log));
    }

    private static void awaitRunning(ApiClient api, long task) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            body = api.get("/api/tasks/" + task).body();
            if ("running".equals(body.get("status").asString())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + task + " did not run within 60 s: " + body);
    }
}
