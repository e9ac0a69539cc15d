package dev.crawlyard.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.api.StandaloneTestPlatform;
import dev.crawlyard.store.nodes.NodeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Container spiders through the real API, the in-process node and the machine's Docker engine. */
class ContainerApiTest extends ApiTestBase {

    /** A spider for a container platform: it reports over HTTP with the seed's field names, then completes. */
    private static final String REPORTER = """
            post() {
              wget -q -O /dev/null --header "Content-Type: application/json" \\
                --header "Authorization: Bearer $CRAWLYARD_TASK_TOKEN" --post-data "$2" "$API_BASE_URL$1" \\
                && echo "$3 ok" || echo "$3 refused"
            }
            post /api/v1/monitoring/heartbeat "{\\"execution_id\\": \\"$TASK_EXECUTION_ID\\", \\"status\\": \\"crawling\\", \\"progress\\": 40}" heartbeat
            post /api/v1/monitoring/heartbeat "{\\"execution_id\\": \\"$((TASK_EXECUTION_ID + 1000))\\", \\"status\\": \\"x\\", \\"progress\\": 1}" "other task"
            post /api/v1/monitoring/completion "{\\"execution_id\\": \\"$TASK_EXECUTION_ID\\", \\"status\\": \\"completed\\", \\"result_data\\": {\\"pages\\": 12}, \\"error_message\\": \\"2 pages failed\\"}" completion
            """;

    @Autowired
    NodeStore nodes;

    @Test
    void aContainerSpiderPostsHeartbeatsAndACompletionFromInsideTheContainer() throws Exception {
        String image = ContainerImages.busybox();
        long spider = containerSpider("sh report.sh", Map.of("report.sh", REPORTER),
                Map.of("image", image, "pull", "never"));
        long task = run(spider);

        JsonNode finished = awaitStatus(task, "finished", java.time.Duration.ofSeconds(60));

        assertThat(finished.get("progress").get("stage").asString()).isEqualTo("completed");
        assertThat(finished.get("progress").get("percentage").asDouble()).isEqualTo(40.0);
        assertThat(finished.get("progress").get("lastError").asString()).isEqualTo("2 pages failed");
        assertThat(finished.get("result").get("pages").asInt()).isEqualTo(12);
        JsonNode log = api.get("/api/tasks/" + task + "/logs").body().get("lines");
        List<String> lines = new java.util.ArrayList<>();
        log.forEach(line -> lines.add(line.get("line").asString()));
        assertThat(lines).contains("heartbeat ok", "other task refused", "completion ok");
        assertThat(finished.get("node").asString()).isEqualTo("in-process");
        // None is left; the test cannot tell this platform's from another's of the same node name, so none at all.
        assertThat(ContainerImages.containersOf(task, "in-process")).isEmpty();
    }

    @Test
    void aSpidersContainerIsShownAndTheNodesCapabilitiesSayWhoCanRunIt() {
        String image = ContainerImages.busybox();
        long spider = containerSpider("true", Map.of(), Map.of("image", image, "cpus", 0.5, "memoryLimitMb", 64));

        JsonNode shown = api.get("/api/spiders/" + spider).body().get("container");
        assertThat(shown.get("image").asString()).isEqualTo(image);
        assertThat(shown.get("pull").asString()).isEqualTo("missing");
        assertThat(shown.get("network").asString()).isEqualTo("host");
        assertThat(shown.get("memoryLimitMb").asLong()).isEqualTo(64);
        JsonNode listed = api.get("/api/nodes").body();
        JsonNode items = listed.has("items") ? listed.get("items") : listed;
        boolean any = false;
        for (JsonNode node : items) {
            any |= node.get("capabilities").get("containers").asBoolean();
        }
        assertThat(any).as("the in-process node reports its engine: " + listed).isTrue();
    }

    @Test
    void theCreatedSpiderShowsItsContainerAndAPatchKeepsIt() {
        String image = ContainerImages.busybox();
        ApiClient.Reply created = api.post("/api/spiders", ApiClient.json(Map.of("name", "box-" + UUID.randomUUID(),
                "command", "true", "container", Map.of("image", image, "pidsLimit", 16))));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().get("container").get("image").asString()).isEqualTo(image);
        long spider = created.body().get("id").asLong();

        ApiClient.Reply patched = api.patch("/api/spiders/" + spider, ApiClient.json(Map.of("description", "kept")));

        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        assertThat(patched.body().get("container").get("pidsLimit").asInt()).isEqualTo(16);
        JsonNode shown = api.get("/api/spiders/" + spider).body();
        assertThat(shown.get("description").asString()).isEqualTo("kept");
        assertThat(shown.get("container").get("image").asString()).isEqualTo(image);
        assertThat(api.get("/api/spiders").body().toString()).contains(image);
    }

    @Test
    void aContainerRunPinnedToANodeWithoutAnEngineIsRefusedAndMakesNoTask() {
        String image = ContainerImages.busybox();
        String bare = "bare-" + UUID.randomUUID().toString().substring(0, 8);
        nodes.register(bare, "elsewhere", bare, Map.of(), 4, null);
        long spider = containerSpider("true", Map.of(), Map.of("image", image));
        int before = api.get("/api/tasks?spider=" + spider).body().get("total").asInt();

        ApiClient.Reply reply = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("mode", "selected", "nodes", List.of(bare))));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("message").asString()).contains(bare).contains("no container engine");
        assertThat(api.get("/api/tasks?spider=" + spider).body().get("total").asInt()).isEqualTo(before);
    }

    @Test
    void containerFieldsAreReadStrictlyAndABadOneMakesNothing() {
        String name = "strict-" + UUID.randomUUID();
        List<Map.Entry<String, Object>> cases = new java.util.ArrayList<>();
        cases.add(Map.entry("container.mounts", Map.of("image", "busybox", "mounts", List.of("/:/host"))));
        cases.add(Map.entry("container.mounts[0].source", Map.of("image", "busybox", "mounts",
                List.of(Map.of("source", "/", "target", "/host")))));
        cases.add(Map.entry("container.mounts[1].source", Map.of("image", "busybox", "mounts", List.of(
                Map.of("source", "/srv/a", "target", "/a"), Map.of("source", "/srv/../etc", "target", "/b")))));
        cases.add(Map.entry("container.mounts[0].target", Map.of("image", "busybox", "mounts",
                List.of(Map.of("source", "/srv/a", "target", "/app/workspace")))));
        cases.add(Map.entry("container.mounts[1].target", Map.of("image", "busybox", "mounts", List.of(
                Map.of("source", "/srv/a", "target", "/a"), Map.of("source", "/srv/b", "target", "/a")))));
        cases.add(Map.entry("container.mounts[0].source", Map.of("image", "busybox", "mounts",
                List.of(Map.of("source", "relative/dir", "target", "/a")))));
        cases.add(Map.entry("container.mounts[0].target", Map.of("image", "busybox", "mounts",
                List.of(Map.of("source", "/srv/a", "target", "/a,readonly=false")))));
        cases.add(Map.entry("container.image", Map.of("image", "Not An Image!")));
        cases.add(Map.entry("container.pull", Map.of("image", "busybox", "pull", "sometimes")));
        cases.add(Map.entry("container.network", Map.of("image", "busybox", "network", "container:other")));
        cases.add(Map.entry("container.cpus", Map.of("image", "busybox", "cpus", 0)));
        cases.add(Map.entry("container.memoryLimitMb", Map.of("image", "busybox", "memoryLimitMb", 2)));
        cases.add(Map.entry("container.pidsLimit", Map.of("image", "busybox", "pidsLimit", 0)));
        for (Map.Entry<String, Object> bad : cases) {
            ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(Map.of("name", name, "command", "true",
                    "container", bad.getValue())));
            assertThat(reply.status()).as(bad.getKey() + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.body().toString()).as(bad.getKey()).contains(bad.getKey());
        }
        assertThat(api.get("/api/spiders/" + name).status()).isEqualTo(404);

        long spider = spider("true", Map.of());
        ApiClient.Reply run = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("container", Map.of("image", "busybox", "privileged", true))));
        assertThat(run.status()).isEqualTo(400);
        assertThat(run.body().toString()).contains("container.privileged");
        assertThat(api.get("/api/tasks?spider=" + spider).body().get("total").asInt()).isZero();
    }

    @Test
    void aMountTheNodeAllowsIsThereReadOnlyAndOneItDoesNotEndsTheTaskInAConfigError() throws Exception {
        String image = ContainerImages.busybox();
        Path shared = Files.createTempDirectory(StandaloneTestPlatform.MOUNTABLE, "shared-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(shared.resolve("hello.txt"), "hello from the node\n");
        // A link inside the allowed directory that leads out of it is followed, and refused.
        Path outside = Files.createTempDirectory("crawlyard-test-not-mountable-");
        Files.createSymbolicLink(StandaloneTestPlatform.MOUNTABLE.resolve(shared.getFileName() + "-link"), outside);
        String script = "cat /data/in/hello.txt; (echo x > /data/in/new.txt) 2>/dev/null && echo writable || echo read-only";
        long allowed = containerSpider("sh mount.sh", Map.of("mount.sh", script), Map.of("image", image, "pull", "never",
                "mounts", List.of(Map.of("source", shared.toString(), "target", "/data/in"))));
        JsonNode shown = api.get("/api/spiders/" + allowed).body().get("container").get("mounts").get(0);
        assertThat(shown.get("readOnly").asBoolean()).isTrue();

        JsonNode finished = awaitStatus(run(allowed), "finished", java.time.Duration.ofSeconds(60));
        List<String> lines = new java.util.ArrayList<>();
        api.get("/api/tasks/" + finished.get("id").asLong() + "/logs").body().get("lines")
                .forEach(line -> lines.add(line.get("line").asString()));
        assertThat(lines).containsExactly("hello from the node", "read-only");
        assertThat(shared.resolve("new.txt")).doesNotExist();

        for (String source : List.of(outside.toString(), StandaloneTestPlatform.MOUNTABLE.resolve(
                shared.getFileName() + "-link").toString())) {
            long refused = containerSpider("true", Map.of(), Map.of("image", image, "pull", "never",
                    "mounts", List.of(Map.of("source", source, "target", "/data/in"))));
            JsonNode error = awaitStatus(run(refused), "error", java.time.Duration.ofSeconds(60));
            assertThat(error.get("errorKind").asString()).isEqualTo("config");
            assertThat(error.get("errorMessage").asString()).contains("is not allowed on node in-process")
                    .contains("crawlyard.containers.allowed-mounts");
        }
    }

    private long containerSpider(String command, Map<String, String> files, Map<String, Object> container) {
        String name = "box-" + UUID.randomUUID();
        ApiClient.Reply reply = api.post("/api/spiders", ApiClient.json(Map.of("name", name, "command", command,
                "files", files, "container", container)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }
}
