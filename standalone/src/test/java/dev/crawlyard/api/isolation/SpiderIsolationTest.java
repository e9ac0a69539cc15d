package dev.crawlyard.api.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.standalone.EmbeddedServices;
import dev.crawlyard.standalone.StandaloneProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A spider run through the platform (as root, as in CI, so as a runner user) tries what an
 * untrusted spider would: read the database's files and password, the embedded Temporal's API key,
 * the node's work directory, another running task's workspace and config, the node JVM's
 * environment and memory, signal the other task's process, and connect to the embedded PostgreSQL with no or a wrong password and
 * over a Unix socket. It reports each attempt, and it must have managed none of them. The same
 * probe run as root with the password manages them, so a probe that could not succeed at all
 * would not pass for isolation.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SpiderIsolationTest extends ApiTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String VICTIM = """
            import os, time
            open("secret.txt", "w").write("the other task's secret")
            print("pid", os.getpid(), flush=True)
            time.sleep(120)
            """;

    /** What the probe must manage: it runs, as a user of its own, with its own files. */
    private static final List<String> ITS_OWN = List.of("runs as a user of its own", "read its own workspace",
            "write its own output directory");

    /** What it must not manage. */
    private static final List<String> NOT_ITS_OWN = List.of("list the data directory", "read the data directory",
            "read the database password file", "read the Temporal API key", "list the node's work directory", "read the node's key",
            "list the node's blob cache", "list another task's workspace", "read another task's workspace",
            "read another task's config", "read the node's environment", "read the node's memory",
            "signal another task's process", "connect to PostgreSQL over TCP with no password",
            "connect to PostgreSQL over TCP with a wrong password", "connect to PostgreSQL over its Unix socket");

    @Autowired
    LocalNode node;

    @Autowired
    StandaloneProperties standalone;

    @Autowired
    EmbeddedServices embedded;

    @TempDir
    Path scratch;

    @Test
    void aSpiderReachesNothingOfThePlatformNorOfAnotherTask() throws Exception {
        assumeTrue(node.users().active(), "spiders run as runner users only when the node runs as root");
        long victim = run(spider("python3 victim.py", Map.of("victim.py", VICTIM)));
        long victimPid = Long.parseLong(awaitLine(victim, "pid ").substring(4));
        String targets = JSON.writeValueAsString(targets(victim, victimPid));

        long probe = run(spider("python3 probe.py", Map.of("probe.py", probeScript(), "targets.json", targets)));
        awaitStatus(probe, "finished");
        Map<String, JsonNode> managed = reports(probe);

        for (String check : ITS_OWN) {
            assertThat(managed).as(check).containsKey(check);
            assertThat(managed.get(check).get("managed").asBoolean()).as("%s: %s", check, managed.get(check)).isTrue();
        }
        for (String check : NOT_ITS_OWN) {
            assertThat(managed).as(check).containsKey(check);
            assertThat(managed.get(check).get("managed").asBoolean()).as("%s: %s", check, managed.get(check)).isFalse();
        }
        assertThat(Files.readString(node.workspace(victim).resolve("secret.txt"))).isEqualTo("the other task's secret");
        assertThat(api.get("/api/tasks/" + victim).body().get("status").asString()).isEqualTo("running");
        api.post("/api/tasks/" + victim + "/cancel", null);
        awaitStatus(victim, "cancelled");
    }

    /** The probe itself can succeed: run as root with the password, it reads the data directory and gets in. */
    @Test
    void theProbeRunAsRootWithThePasswordManagesWhatTheSpiderCouldNot() throws Exception {
        assumeTrue(node.users().active(), "compared with a spider run as a runner user");
        Path targets = Files.writeString(scratch.resolve("targets.json"),
                JSON.writeValueAsString(targets(0, ProcessHandle.current().pid())));
        Path probe = Files.writeString(scratch.resolve("probe.py"), probeScript());
        Process process = new ProcessBuilder("python3", probe.toString(), targets.toString(),
                embedded.databasePassword().orElseThrow())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Map<String, JsonNode> managed = new LinkedHashMap<>();
        output.lines().filter(line -> line.startsWith("{")).map(JSON::readTree)
                .forEach(report -> managed.put(report.get("check").asString(), report));
        assertThat(managed.get("connect to PostgreSQL with the password").get("managed").asBoolean())
                .as(output).isTrue();
        assertThat(managed.get("read the data directory").get("managed").asBoolean()).as(output).isTrue();
        assertThat(managed.get("read the Temporal API key").get("managed").asBoolean()).as(output).isTrue();
        assertThat(managed.get("read the node's environment").get("managed").asBoolean()).as(output).isTrue();
        // Even with the right to read everything, no password is no way in.
        assertThat(managed.get("connect to PostgreSQL over TCP with no password").get("managed").asBoolean())
                .as(output).isFalse();
    }

    private Map<String, Object> targets(long otherTask, long otherPid) {
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("dataDir", standalone.dataDir().toAbsolutePath().toString());
        targets.put("passwordFile", standalone.passwordFile().toString());
        targets.put("temporalKeyFile", standalone.temporalApiKeyFile().toString());
        targets.put("workDir", node.workRoot().toString());
        targets.put("otherWorkspace", node.workspace(otherTask).toString());
        targets.put("otherRunDirectory", node.runDirectory(otherTask).toString());
        targets.put("nodePid", ProcessHandle.current().pid());
        targets.put("otherPid", otherPid);
        targets.put("postgresPort", URI.create(embedded.jdbcUrl().orElseThrow().substring(5)).getPort());
        return targets;
    }

    private Map<String, JsonNode> reports(long task) {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        for (JsonNode line : api.get("/api/tasks/" + task + "/logs?limit=1000").body().get("lines")) {
            String text = line.get("line").asString();
            if (text.startsWith("{")) {
                JsonNode report = JSON.readTree(text);
                reports.put(report.get("check").asString(), report);
            }
        }
        return reports;
    }

    private String awaitLine(long task, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ApiClient.Reply logs = api.get("/api/tasks/" + task + "/logs");
            for (JsonNode line : logs.body().get("lines")) {
                if (line.get("line").asString().startsWith(prefix)) {
                    return line.get("line").asString();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + task + " never logged a line starting '" + prefix + "'");
    }

    private static String probeScript() throws IOException {
        try (InputStream script = SpiderIsolationTest.class.getResourceAsStream("/isolation/probe.py")) {
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
